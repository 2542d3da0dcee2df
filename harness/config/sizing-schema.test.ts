import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { resolveScenario, type ResolveScenarioInput } from './resolve-scenario.js';

const BASE = `
name: t
matrix: { model: stateless, policy: round-robin, replicas: [1, 2] }
load: { executor: constant-arrival-rate, rate: 20, duration: 10s }
`;

function details(input: ResolveScenarioInput): readonly string[] {
  try {
    resolveScenario(input);
  } catch (e) {
    if (e instanceof HarnessError) {
      expect(e.exitCode).toBe(2);
      return e.details;
    }
    throw e;
  }
  throw new Error('expected resolveScenario to throw');
}

describe('slo and sizing sections', () => {
  it('are absent unless given (run does not need them)', () => {
    const s = resolveScenario({ text: BASE });
    expect(s.slo).toBeUndefined();
    expect(s.sizing).toBeUndefined();
  });

  it('desugar percentages and durations, with every default of the search', () => {
    const s = resolveScenario({ text: `${BASE}slo: { callP99: 100ms, errorRate: 0.1%, failedSessions: 0.005 }\nsizing: { cpuPerReplica: 0.3 }\n` });
    expect(s.slo).toEqual({ callP99Us: 100_000, requestErrorRate: 0.001, failedSessionRate: 0.005, minCalls: 20 });
    expect(s.sizing).toEqual({
      cpuPerReplica: 0.3,
      cfsPeriodUs: 100_000,
      startRatePerSec: 10,
      maxRatePerSec: 5000,
      growthFactor: 2,
      precision: 0.05,
      stepMs: 4000,
      stepWarmupMs: 1000,
      replicaWarmupMs: 8000,
      confirmMs: 8000,
      settleTimeoutMs: 5000,
      targetPerSec: undefined,
      quick: { precision: 0.15, stepMs: 1500, stepWarmupMs: 500, replicaWarmupMs: 4000, confirmMs: 3000 },
    });
  });

  it('refuses an SLO without any limit, an ambiguous share and a cap below the kernel minimum, naming each field', () => {
    const found = details({ text: `${BASE}slo: { minCalls: 5 }\nsizing: { cpuPerReplica: 0.3, precision: 5 }\n` });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^slo: the SLO sets no limit .*callP99/);
    expect(found[1]).toMatch(/^sizing\.precision: 5 is ambiguous as a share .* write 5% for a percentage/);
    expect(details({ text: `${BASE}sizing: { cpuPerReplica: 0.005, cfsPeriod: 100ms }\n` })).toEqual([expect.stringMatching(/^sizing\.cpuPerReplica: a quota of 0\.005 × 100ms is below the kernel's minimum of 1ms per period/)]);
  });

  it('refuses a confirmation shorter than a step, and a missing cap', () => {
    expect(details({ text: `${BASE}sizing: { cpuPerReplica: 0.5, step: 5s, confirm: 2s }\n` })).toEqual([expect.stringMatching(/^sizing\.confirm: 2s is shorter than a step \(5s\)/)]);
    expect(details({ text: `${BASE}sizing: { step: 5s }\n` })).toEqual([expect.stringMatching(/^sizing\.cpuPerReplica: missing required key/)]);
  });

  it('refuses a percentage outside its range and text that is not one', () => {
    const found = details({ text: `${BASE}slo: { errorRate: 120%, failedSessions: lots }\n` });
    expect(found).toEqual([expect.stringMatching(/^slo\.errorRate: must be >= 0 and < 100% \(got 120%\)/), expect.stringMatching(/^slo\.failedSessions: "lots" is not a percentage/)]);
  });

  it('can be set from the command line like any field', () => {
    const s = resolveScenario({ text: `${BASE}sizing: { cpuPerReplica: 0.3 }\n`, flags: { set: ['sizing.quick.step=1s', 'sizing.target=250'] } });
    expect(s.sizing?.quick.stepMs).toBe(1000);
    expect(s.sizing?.targetPerSec).toBe(250);
  });
});
