import { describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram, newHistogram } from '../metrics/histogram.js';
import { fixtureRun } from '../report/testing/fixture-runs.js';
import { weightedFromHistogram } from '../stats/weighted-sample.js';
import type { FigureComparison, RunComparison } from '../results/run-comparison.js';
import { compareRuns, verdictCounts } from './compare-runs.js';
import { syntheticRun, type WorkloadModel } from './testing/synthetic-results.js';

const HEADLINE: WorkloadModel = { echoUs: 300, workUs: 2000, seconds: 10, repetitions: 5, seed: 1 };

function figure(c: RunComparison, name: string): FigureComparison {
  const f = c.cells[0]?.figures.find((x) => x.figure === name);
  if (!f) throw new Error(`no ${name} in the comparison`);
  return f;
}

describe('compare on generated result pairs', () => {
  it('a doubled work cost is regressed on call latency and on CPU per call', () => {
    const c = compareRuns(syntheticRun(HEADLINE), syntheticRun({ ...HEADLINE, workUs: 4000, seed: 2 }));
    const p99 = figure(c, 'callP99');
    expect(p99.verdict).toBe('regressed');
    expect(p99.basis).toBe('per-second');
    expect(p99.samples).toEqual([10, 10]);
    expect(p99.interval?.low).toBeGreaterThan(0.5);
    const cpu = figure(c, 'serverCpuPerCall');
    expect(cpu.basis).toBe('repetitions');
    expect(cpu.verdict).toBe('regressed');
    // (0.75·300 + 0.25·4000) / (0.75·300 + 0.25·2000) − 1 = +69 %
    expect(cpu.change).toBeCloseTo(0.69, 1);
  });

  it('a change measured by a saturated generator is too noisy; CPU, measured by the kernel, still counts', () => {
    const slow = syntheticRun({ ...HEADLINE, workUs: 4000, seed: 2 });
    const cell = slow.cells[0] as (typeof slow.cells)[number];
    const saturated = { ...slow, cells: [{ ...cell, generator: { ...(cell.generator as NonNullable<typeof cell.generator>), saturated: true, saturationReasons: ['event-loop delay p99 15 ms > 10 ms'] } }] };
    const c = compareRuns(syntheticRun(HEADLINE), saturated);
    expect(figure(c, 'callP99').verdict).toBe('too-noisy');
    expect(figure(c, 'callP99').reason).toMatch(/^would be regressed .*the candidate's generator was saturated \(event-loop delay p99 15 ms > 10 ms\)/);
    expect(figure(c, 'serverCpuPerCall').verdict).toBe('regressed');
  });

  it('identical distributions are unchanged at p50 and p99', () => {
    // Enough seconds that a per-second p99 (about the 2nd-slowest of 200 calls) is known to ±5 %.
    const steady = { ...HEADLINE, seconds: 30, callsPerSecond: 200, noise: 0.1 };
    const c = compareRuns(syntheticRun(steady), syntheticRun(steady));
    expect(figure(c, 'callP50').verdict).toBe('unchanged');
    expect(figure(c, 'callP99').verdict).toBe('unchanged');
    expect(figure(c, 'serverCpuPerCall').verdict).toBe('unchanged');
  });

  it('a 2 % shift is unchanged even when it is significant', () => {
    const quiet = { ...HEADLINE, seconds: 40, noise: 0.05, callsPerSecond: 300 };
    const c = compareRuns(syntheticRun(quiet), syntheticRun({ ...quiet, scale: 1.02, seed: 2 }));
    const p50 = figure(c, 'callP50');
    expect(p50.pValue).toBeLessThan(0.001);
    expect(p50.verdict).toBe('unchanged');
    expect(p50.reason).toMatch(/significant but below the 5\.0 % minimum effect/);
  }, 30_000);

  it('the minimum effect is a setting: at 1 % the same shift is a regression', () => {
    const quiet = { ...HEADLINE, seconds: 40, noise: 0.05, callsPerSecond: 300 };
    const c = compareRuns(syntheticRun(quiet), syntheticRun({ ...quiet, scale: 1.02, seed: 2 }), { minEffect: 0.01, alpha: 0.05, confidence: 0.95, seed: 0x5eed });
    expect(figure(c, 'callP50').verdict).toBe('regressed');
  }, 30_000);

  it('a figure with one value per run and no repetitions is too noisy, whatever its change', () => {
    const c = compareRuns(syntheticRun({ ...HEADLINE, repetitions: 0 }), syntheticRun({ ...HEADLINE, workUs: 4000, repetitions: 0, seed: 2 }));
    const cpu = figure(c, 'serverCpuPerCall');
    expect(cpu.change).toBeGreaterThan(0.5);
    expect(cpu).toMatchObject({ basis: 'single', verdict: 'too-noisy' });
    expect(cpu.reason).toMatch(/one value per run/);
  });

  it('is deterministic', () => {
    const a = syntheticRun(HEADLINE);
    const b = syntheticRun({ ...HEADLINE, workUs: 2600, seed: 3 });
    expect(compareRuns(a, b)).toEqual(compareRuns(a, b));
  });
});

describe('compare on real results', () => {
  const { result } = fixtureRun('headline');

  it('matches cells by id and lists cells present in one run only', () => {
    const fewer = { ...result, runId: 'other', cells: result.cells.slice(1) };
    const c = compareRuns(result, fewer);
    expect(c.cells.map((x) => x.cellId)).toEqual(result.cells.slice(1).map((x) => x.id));
    expect(c.onlyInBaseline).toEqual(['legacy.round-robin.r3']);
    expect(c.onlyInCandidate).toEqual([]);
  });

  it('a run against itself has no improved or regressed figure', () => {
    const counts = verdictCounts(compareRuns(result, result));
    expect(counts.regressed + counts.improved).toBe(0);
    expect(counts.unchanged).toBeGreaterThan(0);
  });

  it('says first that the environments differ, and which scenario fields differ', () => {
    const moved = { ...result, environment: { ...result.environment, cpuCount: 8 }, scenario: { ...result.scenario, load: { ...result.scenario.load, durationMs: 9000 } } };
    const c = compareRuns(result, moved);
    expect(c.fingerprintDifferences).toEqual(['cpuCount: 2 → 8']);
    expect(c.scenarioDifferences).toEqual(['load.durationMs: 5000 → 9000']);
  });

  it('a histogram alone never calls a change: session setup doubled is too noisy, with the histogram verdict in the reason', () => {
    const slow = structuredClone(result);
    const timing = slow.cells.find((x) => x.id === 'legacy.sticky-session-id.r3')?.metrics?.timings['session-setup'] as { hdr: string; summary: object };
    const doubled = newHistogram();
    const original = weightedFromHistogram(decodeHistogram(timing.hdr));
    original.values.forEach((v, i) => doubled.recordValueWithCount(v * 2, original.counts[i] as number));
    timing.hdr = encodeHistogram(doubled);
    timing.summary = { ...timing.summary, p50Us: doubled.getValueAtPercentile(50), p99Us: doubled.getValueAtPercentile(99) };
    const setup = compareRuns(result, slow).cells.find((x) => x.cellId === 'legacy.sticky-session-id.r3')?.figures.find((f) => f.figure === 'setupP50');
    expect(setup?.basis).toBe('histogram');
    expect(setup?.change).toBeCloseTo(1, 1);
    expect(setup?.verdict).toBe('too-noisy');
    expect(setup?.reason).toMatch(/^histogram says regressed/);
  });
});
