import { describe, expect, it } from 'vitest';
import type { CellResult } from '../results/result-types.js';
import { generatorNotes } from './generator-notes.js';

const summary = (p50Us: number, p99Us: number) => ({ count: 10, minUs: p50Us, meanUs: p50Us, p50Us, p90Us: p99Us, p99Us, p999Us: p99Us, maxUs: p99Us });

function cell(over: { failed?: number; earlySends?: number; clamped?: number; cpuPct?: number; notDelivered?: string[] } = {}): Pick<CellResult, 'id' | 'metrics' | 'generator'> {
  const failed = over.failed ?? 0;
  return {
    id: 'stateless.round-robin.r3',
    metrics: {
      steps: { call: { total: 100, ok: 100 - failed, corrected: summary(3000, 9000), failed: failed ? summary(200_000, 250_000) : undefined } },
      earlySends: over.earlySends ?? 0,
      clampedValues: over.clamped ?? 0,
    } as unknown as CellResult['metrics'],
    generator: { cpuPctOfReplicas: over.cpuPct ?? 6, loadNotDelivered: (over.notDelivered ?? []).length > 0, loadNotDeliveredReasons: over.notDelivered ?? [] } as unknown as CellResult['generator'],
  };
}

describe('generatorNotes', () => {
  it('says nothing about a clean cell', () => {
    expect(generatorNotes(cell())).toEqual([]);
  });

  it('shows the failed attempts\u2019 latency next to the successes\u2019 where requests failed', () => {
    expect(generatorNotes(cell({ failed: 4 })).map((n) => n.text)).toEqual([
      'stateless.round-robin.r3: 4 of 100 call requests failed; failed attempts took p50 200 / p99 250 ms from their intended time (successes p50 3.00 / p99 9.00 ms)',
    ]);
  });

  it('names offered load that was not delivered, early sends, clamped values and a harness using > 10 % of the replicas\u2019 CPU', () => {
    const texts = generatorNotes(cell({ notDelivered: ['5 measured starts dropped'], earlySends: 2, clamped: 1, cpuPct: 10.4 })).map((n) => `${n.level}: ${n.text}`);
    expect(texts).toEqual([
      'warn: stateless.round-robin.r3: offered load not delivered — 5 measured starts dropped',
      'error: stateless.round-robin.r3: 2 requests left before their intended time (corrected latency below uncorrected): a load-engine defect, latencies are not comparable',
      'warn: stateless.round-robin.r3: 1 latency values above 24 h were recorded as 24 h',
      'warn: stateless.round-robin.r3: the harness used 10.4% as much CPU as the replicas in the measured window (> 10%): on a shared machine it took CPU they could have used',
    ]);
    expect(generatorNotes(cell({ cpuPct: 9.9 }))).toEqual([]);
  });
});
