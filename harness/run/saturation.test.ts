import { describe, expect, it } from 'vitest';
import { encodeHistogram, newHistogram, recordUs } from '../metrics/histogram.js';
import { judgeGenerator, SATURATION, type GeneratorVerdictInput } from './saturation.js';
import type { ThreadHealth, ThreadSecond } from './thread-health.js';

/** One thread's lag over the measured window: these values (µs), ten times over (a thousand waits). */
function windowLag(values: number[]): string[] {
  const h = newHistogram();
  for (let k = 0; k < 10; k++) for (const v of values) recordUs(h, v);
  return [encodeHistogram(h)];
}

function thread(cpuPct: (second: number) => number, busyPct: (second: number) => number = () => 20): ThreadHealth {
  const seconds: ThreadSecond[] = Array.from({ length: 13 }, (_, second) => ({ second, durationMs: second === 12 ? 300 : 1000, cpuPct: cpuPct(second), busyPct: busyPct(second) }));
  return { threadCpuUs: 1_000_000, wallMs: 12_300, threadCpuPctOfOneCore: 8, eventLoopDelay: { p50Ms: 0.2, p99Ms: 0.8, maxMs: 2 }, seconds };
}

/** A healthy cell: 10 % of a core, lag within Node's millisecond timers' resolution, call p50 4 ms. */
const clean = (): GeneratorVerdictInput => ({
  threads: [thread(() => 10)],
  windowLagHdrs: windowLag(Array.from({ length: 100 }, (_, i) => 50 + i * 16)), // 50 µs … 1.63 ms
  warmupMs: 2000,
  durationMs: 10_000,
  reportedP50Us: 4000,
  attemptedRatio: 1,
  dropped: 0,
  queuedForClient: { count: 0, maxWaitMs: 0 },
});

describe('judgeGenerator', () => {
  it('does not flag a clean cell, and reports its lag as a share of the reported p50', () => {
    const v = judgeGenerator(clean());
    expect(v.reasons).toEqual([]);
    expect(v.saturated).toBe(false);
    expect(v.loadNotDelivered).toBe(false);
    expect(v.lag!.p99Ms).toBeGreaterThan(1.5);
    expect(v.lag!.p99Ms).toBeLessThan(SATURATION.lagFloorMs);
    expect(v.lag!.p99ShareOfReportedP50Pct).toBeCloseTo((v.lag!.p99Ms / 4) * 100, 0);
  });

  it('flags a lag whose p99 is just past the threshold (10 % of a 30 ms p50: 3 ms)', () => {
    const input = { ...clean(), reportedP50Us: 30_000, windowLagHdrs: windowLag(Array.from({ length: 100 }, (_, i) => (i < 97 ? 500 : 3100))) };
    const v = judgeGenerator(input);
    expect(v.saturated).toBe(true);
    expect(v.reasons.join()).toMatch(/generator lag p99 3\.10 ms \(10% of the reported p50 30 ms\) > 3\.00 ms/);
    // Just under it, the same cell is clean.
    const under = judgeGenerator({ ...input, windowLagHdrs: windowLag(Array.from({ length: 100 }, (_, i) => (i < 97 ? 500 : 2950))) });
    expect(under.saturated).toBe(false);
  });

  it('flags a lag past 2 ms even when the reported latency is tiny, and not one under it', () => {
    const lagged = judgeGenerator({ ...clean(), reportedP50Us: 900, windowLagHdrs: windowLag(Array.from({ length: 100 }, (_, i) => (i < 90 ? 300 : 2100))) });
    expect(lagged.reasons.join()).toMatch(/generator lag p99 2\.10 ms \(233% of the reported p50 0\.90 ms\) > 2\.00 ms/);
    const fine = judgeGenerator({ ...clean(), reportedP50Us: 900, windowLagHdrs: windowLag(Array.from({ length: 100 }, (_, i) => (i < 90 ? 300 : 1950))) });
    expect(fine.saturated).toBe(false);
  });

  it('judges the measured window second by second: one hot second flags it, a hot warm-up or drain does not', () => {
    const hotOnce = judgeGenerator({ ...clean(), threads: [thread((s) => (s === 7 ? 91 : 10))] });
    expect(hotOnce.reasons).toEqual(['generator used 91% of a core in second 7 > 90%']);
    const hotWarmup = judgeGenerator({ ...clean(), threads: [thread((s) => (s < 2 || s === 12 ? 99 : 10))] });
    expect(hotWarmup.saturated).toBe(false);
    const busy = judgeGenerator({ ...clean(), threads: [thread(() => 10, (s) => (s === 4 ? 96 : 20)), thread(() => 10)] });
    expect(busy.reasons).toEqual(['generator thread 0 event loop busy 96% of second 4 > 90%']);
  });

  it('flags a schedule that was not kept', () => {
    expect(judgeGenerator({ ...clean(), attemptedRatio: 0.94 }).reasons).toEqual(['kept 94.0% of the scheduled rate < 95%']);
    expect(judgeGenerator({ ...clean(), attemptedRatio: 0.96 }).saturated).toBe(false);
  });

  it('flags offered load that was not delivered separately from saturation', () => {
    const v = judgeGenerator({ ...clean(), dropped: 12, queuedForClient: { count: 3, maxWaitMs: 40 } });
    expect(v.saturated).toBe(false);
    expect(v.loadNotDelivered).toBe(true);
    expect(v.loadNotDeliveredReasons).toEqual(['12 measured starts dropped (maxInFlight starts still running)', '3 starts waited for a free client (max 40.0 ms)']);
  });
});
