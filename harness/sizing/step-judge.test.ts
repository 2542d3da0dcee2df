import { describe, expect, it } from 'vitest';
import { judgeStep, type StepSignals } from './step-judge.js';

const calm: StepSignals = {
  sloMet: false,
  latencyOnly: true,
  p99OverLimitUs: 40_000,
  generatorLagMs: 2,
  generatorThreadCores: 0.3,
  capCores: 0.25,
  replicaCores: [0.1, 0.12],
  throttledShare: 0.02,
  balancerCores: 0.2,
  machineBusyFraction: 0.6,
  machineCores: 2,
};

describe('judgeStep', () => {
  it('a generator thread at a full core voids any step, met or not', () => {
    expect(judgeStep({ ...calm, sloMet: true, generatorThreadCores: 0.95 })).toMatchObject({ limitedBy: 'generator', reason: 'generator thread at 0.95 of a core' });
  });

  it('a step that met the SLO with a generator that kept up has no limiter, even on a busy machine', () => {
    expect(judgeStep({ ...calm, sloMet: true, generatorLagMs: 80, machineBusyFraction: 1 })).toEqual({ limitedBy: undefined, reason: 'SLO met', throttlingBound: false });
  });

  it('a p99 breach smaller than the generator’s own lag is the machine’s, not the replicas’', () => {
    const v = judgeStep({ ...calm, p99OverLimitUs: 30_000, generatorLagMs: 45, throttledShare: 0.5, machineBusyFraction: 1 });
    expect(v.limitedBy).toBe('box');
    expect(v.reason).toBe("p99 over the limit by 30.0 ms, within the generator's own 45.0 ms lag: it waited for a CPU (machine 100% busy)");
    // The same lag cannot explain a breach far beyond it, nor errors: then the throttling is.
    expect(judgeStep({ ...calm, p99OverLimitUs: 300_000, generatorLagMs: 45, throttledShare: 0.5 }).limitedBy).toBe('replicas');
    expect(judgeStep({ ...calm, latencyOnly: false, generatorLagMs: 45, throttledShare: 0.5 }).limitedBy).toBe('replicas');
  });

  it('a replica at its cap is the ceiling measured, even when the generator lagged too', () => {
    expect(judgeStep({ ...calm, p99OverLimitUs: 5_000, generatorLagMs: 50, replicaCores: [0.23, 0.22], machineBusyFraction: 0.98 })).toMatchObject({ limitedBy: 'replicas', reason: 'replica r1 at its cap: 0.23 of 0.25 cores' });
  });

  it('replicas at their cap: the busiest one counts (one hot replica breaks its sessions’ SLO)', () => {
    expect(judgeStep({ ...calm, replicaCores: [0.1, 0.22], machineBusyFraction: 1 })).toEqual({ limitedBy: 'replicas', reason: 'replica r2 at its cap: 0.22 of 0.25 cores', throttlingBound: false });
  });

  it('replicas throttled below their cap: a throttling-bound p99', () => {
    expect(judgeStep({ ...calm, throttledShare: 0.35 })).toEqual({
      limitedBy: 'replicas',
      reason: 'replicas throttled in 35% of CFS periods while using 0.11 of 0.25 cores on average: the quota runs out within periods',
      throttlingBound: true,
    });
  });

  it('then the balancer at a full core, then the machine, then nothing', () => {
    expect(judgeStep({ ...calm, balancerCores: 0.95 }).limitedBy).toBe('balancer');
    expect(judgeStep({ ...calm, machineBusyFraction: 0.97 })).toMatchObject({ limitedBy: 'box', reason: 'machine 97% busy of 2 cores, replicas at 0.11 of 0.25 cores: the processes queued for a CPU' });
    expect(judgeStep(calm)).toEqual({ limitedBy: undefined, reason: 'nothing saturated (replicas 0.11 of 0.25 cores, throttled 2%, balancer 0.20 cores, machine 60% busy)', throttlingBound: false });
  });

  it('without CPU figures nothing is claimed', () => {
    const v = judgeStep({ ...calm, replicaCores: [undefined], throttledShare: undefined, balancerCores: undefined, machineBusyFraction: undefined, machineCores: undefined });
    expect(v).toEqual({ limitedBy: undefined, reason: 'nothing saturated (no CPU figures)', throttlingBound: false });
  });
});
