import { describe, expect, it } from 'vitest';
import { CellRecorder } from '../metrics/cell-recorder.js';
import type { CellCost, CellResult } from '../results/result-types.js';
import { combineRepetitions } from './combine-repetitions.js';

function rep(latenciesMs: number[], cpuUs: number, requests: number, state: 'reconciled' | 'mismatch', startedAt: string): CellResult {
  const r = new CellRecorder();
  for (const ms of latenciesMs) r.request({ step: 'call', method: 'tools/call', replicaId: 'r1', status: 200, ok: true, failure: undefined, intendedMs: 0, sentMs: 0, doneMs: ms }, true);
  r.sessionFinished({ kind: 'ok' }, true);
  const figures = { cpuUs, cores: 0.1, usPerRequest: cpuUs / requests, usPerCall: cpuUs / requests, usPerSession: cpuUs };
  const cost: CellCost = { windowMs: 1000, cpuSource: 'cgroup', requests, toolCalls: requests, requestsPerSession: requests, replicas: figures, balancer: figures, perReplica: [{ cpuUs, cores: 0.1, requestsPerSec: requests }] };
  return {
    index: 0, id: 'stateless.round-robin.r1', model: 'stateless', policy: 'round-robin', replicas: 1, flow: 'tools', store: 'memory',
    status: 'completed', startedAt, finishedAt: startedAt,
    plan: { executor: 'constant-arrival-rate', unit: 'sessions', warmupMs: 0, durationMs: 1000, targetPerSec: 1, scheduledStarts: 1, scheduledMeasuredStarts: 1, clients: undefined, description: '' },
    metrics: r.snapshot(),
    cost,
    reconciliation: { state, reasons: [], clientTotal: requests, serverTotal: requests, byStatus: {}, mismatches: state === 'mismatch' ? [{ replica: 'r1', method: 'tools/call', status: '200', client: 1, server: 2 }] : [], unattributed: {}, incomplete: [] },
    timeSeries: [{ second: 0, durationMs: 1000, phase: 'measured', requests, failed: 0, http404: 0, sessionsStarted: 1, sessionsFailed: 0, latency: { call: { count: requests, p50Us: latenciesMs[0]! * 1000, p99Us: latenciesMs.at(-1)! * 1000, maxUs: latenciesMs.at(-1)! * 1000 } } }] as unknown as CellResult['timeSeries'],
  };
}

describe('combineRepetitions', () => {
  const a = rep([1, 2, 3], 3000, 3, 'reconciled', '2026-12-06T00:00:00Z');
  const b = rep([10, 20], 4000, 2, 'mismatch', '2026-12-06T00:01:00Z');
  const c = combineRepetitions([a, b]);

  it('merges the histograms (never averages percentiles): counts add up, the p99 is the pooled one', () => {
    expect(c.metrics?.steps.call?.corrected?.count).toBe(5);
    // HDR reports the highest value equivalent to 20 ms at 3 significant digits.
    expect(Math.abs(c.metrics!.steps.call!.corrected!.maxUs - 20_000)).toBeLessThanOrEqual(20);
    expect(c.metrics?.measuredRequests).toBe(5);
    expect(c.metrics?.sessions.started).toBe(2);
  });

  it('pools cost: CPU and requests add up before the ratios are taken', () => {
    expect(c.cost?.replicas.cpuUs).toBe(7000);
    expect(c.cost?.replicas.usPerRequest).toBe(1400);
    expect(c.cost?.windowMs).toBe(2000);
  });

  it('keeps the worst reconciliation state and every repetition\'s figures', () => {
    expect(c.reconciliation?.state).toBe('mismatch');
    expect(c.reconciliation?.mismatches).toHaveLength(1);
    expect(c.repetitions?.count).toBe(2);
    expect(c.repetitions?.runs.map((r) => [r.repetition, r.keyP99Us, r.reconciliation])).toEqual([
      [1, a.metrics!.steps.call!.corrected!.p99Us, 'reconciled'],
      [2, b.metrics!.steps.call!.corrected!.p99Us, 'mismatch'],
    ]);
    expect(c.repetitions?.summary['keyP50Us']?.method).toBe('pooled-seconds');
    expect(c.repetitions?.summary['serverUsPerSession']).toMatchObject({ method: 'median-of-repetitions', point: 3500, low: 3000, high: 4000 });
  });
});
