import { describe, expect, it } from 'vitest';
import { fixtureCell, fixtureRun } from '../report/testing/fixture-runs.js';
import type { CellResult } from '../results/result-types.js';
import { sloFigures, stepRecord, sumThrottling, type StepContext } from './step-record.js';

// A real stateless cell: 100 sessions of 5 calls, call p99 7.155 ms, no failure.
const cell = fixtureCell(fixtureRun('headline').result, 'stateless.round-robin.r3');
const ctx: StepContext = {
  index: 3,
  phase: 'bisect',
  ratePerSec: 20,
  startedAt: '2026-12-06T00:00:00.000Z',
  slo: { callP99Us: 10_000, requestErrorRate: 0.001, failedSessionRate: undefined, minCalls: 20 },
  capCores: 0.25,
  throttling: [
    { periods: 50, throttledPeriods: 5, throttledShare: 0.1, throttledMs: 40 },
    { periods: 50, throttledPeriods: 15, throttledShare: 0.3, throttledMs: 120 },
    { periods: 50, throttledPeriods: 0, throttledShare: 0, throttledMs: 0 },
  ],
  machine: { busyFraction: 0.5, busyCores: 1, stealCores: 0.01, cores: 2 },
  isolation: { sessionsLeft: 0, waitedMs: 3, restarted: false },
};

describe('a step record from a measured cell', () => {
  it('judges the SLO on the key step from the intended time and carries every figure a report draws', () => {
    const step = stepRecord(cell, ctx);
    expect(step).toMatchObject({ index: 3, phase: 'bisect', ratePerSec: 20, sloMet: true, violations: [], limitedBy: undefined, keyStep: 'call', warmupMs: 2000, durationMs: 5000 });
    expect(step.latency?.p99Us).toBe(7155);
    expect(step.sessions).toEqual({ started: 100, ok: 100, recovered: 0, failed: 0, dropped: 0 });
    expect(step.requests).toEqual({ total: 500, failed: 0 });
    expect(step.throttling).toMatchObject({ periods: 150, throttledPeriods: 20, throttledMs: 160 });
    expect(step.throttling!.throttledShare).toBeCloseTo(20 / 150, 12);
    expect(step.cpu.machineBusyCores).toBe(1);
    expect(step.cpu.replicaCores).toHaveLength(3);
  });

  it('breaks on a tighter p99 limit and says which figure, with the observed value', () => {
    const step = stepRecord(cell, { ...ctx, slo: { ...ctx.slo, callP99Us: 5000 } });
    expect(step.sloMet).toBe(false);
    expect(step.violations).toEqual(['call p99 7155 µs > 5000 µs']);
  });

  it('counts starts the generator dropped as failed sessions: an unserved session is not a pass', () => {
    const dropping: CellResult = { ...cell, load: { ...cell.load!, measuredStarts: 90 } };
    expect(sloFigures(dropping)).toMatchObject({ sessions: 110, failedSessions: 10 });
    const step = stepRecord(dropping, { ...ctx, slo: { ...ctx.slo, failedSessionRate: 0.005 } });
    expect(step.sessions.dropped).toBe(10);
    expect(step.sloMet).toBe(false);
    expect(step.violations).toEqual(['9.091 % of sessions failed (limit 0.500 %)']);
  });

  it('an interrupted step never meets the SLO', () => {
    const step = stepRecord({ ...cell, status: 'interrupted' }, ctx);
    expect(step.sloMet).toBe(false);
    expect(step.violations).toEqual(['step interrupted']);
  });

  it('throttling is summed only when every replica could be read', () => {
    expect(sumThrottling([{ periods: 10, throttledPeriods: 1, throttledShare: 0.1, throttledMs: 1 }, undefined])).toBeUndefined();
    expect(sumThrottling([])).toBeUndefined();
  });
});
