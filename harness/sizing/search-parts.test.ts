import { describe, expect, it } from 'vitest';
import type { CapacityResult } from './capacity-search.js';
import type { SizeStep } from '../results/size-result-types.js';
import { searchCost } from './search-cost.js';
import { searchStart } from './search-start.js';
import { searchSummary } from './search-summary.js';
import { makeStep } from './testing/size-fixtures.js';

describe('searchStart', () => {
  it('starts at N × the per-replica rate when nothing smaller was sized', () => {
    expect(searchStart(3, 20, 5000, [])).toEqual({ ratePerSec: 60, reason: '3 × 20/s per replica' });
    expect(searchStart(3, 20, 50, []).ratePerSec).toBe(50);
  });

  it('starts at 70 % of the nearest smaller count’s capacity scaled linearly', () => {
    const s = searchStart(3, 20, 5000, [{ replicas: 1, capacityPerSec: 90 }, { replicas: 2, capacityPerSec: 160 }]);
    expect(s.ratePerSec).toBe(168);
    expect(s.reason).toBe('70% of 240/s: 160/s held at 2 replicas, scaled linearly');
  });
});

const cpu = (total: number): SizeStep['cpu'] => ({ ...makeStep({ index: 0, ratePerSec: 1, sloMet: true }).cpu, replicaCoresTotal: total, replicaCores: [total] });

// A replica costing 2 ms of CPU per session plus 0.01 core idle, capped at 0.25 core: 120 sessions/s.
const steps: SizeStep[] = [
  makeStep({ index: 0, ratePerSec: 20, sloMet: true, cpu: cpu(0.05) }),
  makeStep({ index: 1, ratePerSec: 40, sloMet: true, cpu: cpu(0.09) }),
  makeStep({ index: 2, ratePerSec: 80, sloMet: true, cpu: cpu(0.17) }),
  makeStep({ index: 3, ratePerSec: 160, sloMet: false, cpu: cpu(0.25), limitedBy: 'replicas', limiterReason: 'replica r1 at its cap' }),
  makeStep({ index: 4, ratePerSec: 113, sloMet: true, cpu: cpu(0.236), phase: 'bisect' }),
  makeStep({ index: 5, ratePerSec: 113, sloMet: true, cpu: cpu(0.236), phase: 'confirm', durationMs: 8000, throttling: { periods: 80, throttledPeriods: 8, throttledShare: 0.1, throttledMs: 30, perReplica: [] } }),
  makeStep({ index: 6, ratePerSec: 118.65, sloMet: false, cpu: cpu(0.245), phase: 'confirm-above', durationMs: 8000, limitedBy: 'replicas', limiterReason: 'replicas throttled', throttlingBound: true }),
];

describe('searchCost', () => {
  it('slope of replica CPU over session rate across the passing steps, and the cap ÷ slope cross-check', () => {
    const { cost } = searchCost(steps, 113, 5, 0.25);
    expect(cost!.cpuUsPerSession.point).toBeCloseTo(2000, 6);
    expect(cost!.cpuUsPerCall.point).toBeCloseTo(400, 6);
    expect(cost!.idleCores.point).toBeCloseTo(0.01, 9);
    expect(cost!.predictedCapacityPerSec.point).toBeCloseTo(125, 6);
    expect(cost!.capacityRatio).toBeCloseTo(113 / 125, 9);
    // (0.25 − 0.01 idle) ÷ 2 ms = 120/s.
    expect(cost!.predictedNetCapacityPerSec).toBeCloseTo(120, 6);
    expect(cost!.netCapacityRatio).toBeCloseTo(113 / 120, 9);
    expect(cost!.stepsUsed).toBe(5);
  });

  it('says why there is none', () => {
    expect(searchCost(steps, undefined, 5, 0.25)).toEqual({ unavailable: 'no capacity was found' });
    expect(searchCost(steps.slice(0, 1), 113, 5, 0.25).unavailable).toMatch(/2 or more rates/);
    const noCpu = steps.map((s) => ({ ...s, cpu: { ...s.cpu, replicaCoresTotal: undefined } }));
    expect(searchCost(noCpu, 113, 5, 0.25).unavailable).toMatch(/CPU/);
  });
});

describe('searchSummary', () => {
  it('names the step that broke above the answer (here a throttling-bound p99) and the longest run at the answer', () => {
    const result: CapacityResult<SizeStep> = { status: 'found', capacityPerSec: 113, lowerBoundPerSec: 113, upperBoundPerSec: 118.65, limitedBy: 'replicas', reason: 'r', steps: [] };
    const s = searchSummary(result, steps);
    expect(s.boundary).toEqual({ stepIndex: 6, limitedBy: 'replicas', limiterReason: 'replicas throttled', throttlingBound: true });
    expect(s.atCapacity).toEqual({ stepIndex: 5, p99Us: undefined, throttledShare: 0.1, replicaCoresMean: 0.236 });
    expect(s.search).toMatchObject({ status: 'found', capacityPerSec: 113, upperBoundPerSec: 118.65 });
  });
});

describe('minimumWindowMs', () => {
  it('stretches a low-rate step to hold 1.5 × minCalls tool calls, within a bound', async () => {
    const { minimumWindowMs } = await import('./measure-step.js');
    const scenario = { slo: { callP99Us: 1, requestErrorRate: undefined, failedSessionRate: undefined, minCalls: 20 }, workload: { callsPerSession: 5 } } as never;
    // 2.5 sessions/s × 5 calls = 12.5 calls/s: 30 calls take 2.4 s.
    expect(minimumWindowMs(2.5, scenario)).toBe(2400);
    expect(minimumWindowMs(100, scenario)).toBe(60);
    expect(minimumWindowMs(0.01, scenario)).toBe(30_000);
  });
});

describe('searchCost on noise', () => {
  it('gives no cost when the CPU does not rise with the rate', () => {
    const flat = [20, 30, 40].map((r, i) => makeStep({ index: i, ratePerSec: r, sloMet: true, cpu: cpu(0.3 - i * 0.01) }));
    expect(searchCost(flat, 40, 5, 0.25).unavailable).toMatch(/^the replicas' CPU did not rise with the rate over the 3 passing steps/);
  });
});

describe('anchorCostSlope', () => {
  it('adds one step at 40 % of the answer only when no passing step lies below 60 % of it', async () => {
    const { anchorCostSlope } = await import('./size-cell.js');
    const asked: number[] = [];
    const measure = async (r: number): Promise<void> => void asked.push(r);
    const bunched = [makeStep({ index: 0, ratePerSec: 105, sloMet: true }), makeStep({ index: 1, ratePerSec: 150, sloMet: true }), makeStep({ index: 2, ratePerSec: 50, sloMet: false })];
    await anchorCostSlope(150, measure, bunched);
    expect(asked).toEqual([60]);
    await anchorCostSlope(150, measure, [...bunched, makeStep({ index: 3, ratePerSec: 80, sloMet: true })]);
    await anchorCostSlope(undefined, measure, bunched);
    expect(asked).toEqual([60]);
  });
});
