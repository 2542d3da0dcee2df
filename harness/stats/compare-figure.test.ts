import { describe, expect, it } from 'vitest';
import { newHistogram } from '../metrics/histogram.js';
import { mulberry32 } from '../workload/prng.js';
import { compareDistributions, compareRates } from './compare-figure.js';

/** Call latencies (µs) of a server doing `workUs` of CPU per call plus lognormal-ish queueing noise. */
function latencies(n: number, workUs: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => Math.round(workUs + 300 * -Math.log(1 - r()) + 50 * r()));
}

function histogramOf(values: number[]) {
  const h = newHistogram();
  for (const v of values) h.recordValue(v);
  return h;
}

describe('compareDistributions (issue 13 acceptance, on generated result pairs)', () => {
  it('a doubled work cost is "regressed" on call latency (histograms) and on CPU per call (per-second series)', () => {
    const base = histogramOf(latencies(20_000, 1000, 1));
    const doubled = histogramOf(latencies(20_000, 2000, 2));
    const latency = compareDistributions({ histogram: base }, { histogram: doubled }, 0.5, { direction: 'lower-is-better' });
    expect(latency.verdict).toBe('regressed');
    expect(latency.relativeChange.point).toBeGreaterThan(0.6);

    const r = mulberry32(3);
    const cpuBase = Array.from({ length: 60 }, () => 500 + 20 * r()); // CPU µs per call, per second
    const cpuDoubled = Array.from({ length: 60 }, () => 1000 + 40 * r());
    const cpu = compareDistributions({ values: cpuBase, ordered: true }, { values: cpuDoubled, ordered: true }, 0.5, { direction: 'lower-is-better' });
    expect(cpu.verdict).toBe('regressed');
    expect(cpu.relativeChange.low).toBeGreaterThan(0.8);
  });

  it('identical distributions are "unchanged"', () => {
    const a = histogramOf(latencies(20_000, 1000, 11));
    const b = histogramOf(latencies(20_000, 1000, 12));
    for (const q of [0.5, 0.99]) {
      const r = compareDistributions({ histogram: a }, { histogram: b }, q, { direction: 'lower-is-better' });
      expect(r.verdict).toBe('unchanged');
    }
  });

  it('a tiny change below the minimum effect is "unchanged" even when significant', () => {
    const a = latencies(20_000, 1000, 21);
    const b = latencies(20_000, 1000, 22).map((x) => Math.round(x * 1.02));
    const r = compareDistributions({ histogram: histogramOf(a) }, { histogram: histogramOf(b) }, 0.5, { direction: 'lower-is-better' });
    expect(r.test.pValue).toBeLessThan(0.001);
    expect(r.verdict).toBe('unchanged');
    expect(r.reason).toMatch(/significant but below/);
  });

  it('noisy small samples are "too noisy"', () => {
    const r = compareDistributions({ values: [900, 1400, 1100, 1800, 950] }, { values: [1300, 1000, 1900, 1250, 1500] }, 0.5, {
      direction: 'lower-is-better',
    });
    expect(r.verdict).toBe('too-noisy');
  });

  it('too few values on a side is "too noisy" without a verdict from the test', () => {
    const r = compareDistributions({ values: [100, 101] }, { values: [300, 301, 302] }, 0.5, { direction: 'lower-is-better' });
    expect(r.verdict).toBe('too-noisy');
    expect(r.reason).toMatch(/fewer than 3/);
  });

  it('a capacity drop is a regression (higher is better)', () => {
    const base = [410, 405, 398, 402, 407, 401, 399, 404];
    const lower = base.map((x) => x * 0.8);
    expect(compareDistributions({ values: base }, { values: lower }, 0.5, { direction: 'higher-is-better' }).verdict).toBe('regressed');
  });
});

describe('compareRates', () => {
  it('0 → 5 % request errors is a regression', () => {
    const r = compareRates({ events: 0, trials: 10_000 }, { events: 500, trials: 10_000 });
    expect(r.verdict).toBe('regressed');
  });

  it('3 errors in 10⁵ against none is not called a change', () => {
    const r = compareRates({ events: 0, trials: 100_000 }, { events: 3, trials: 100_000 });
    expect(r.verdict).toBe('unchanged');
    expect(r.test.method).toBe('fisher-exact');
  });

  it('no errors on either side is unchanged', () => {
    expect(compareRates({ events: 0, trials: 5000 }, { events: 0, trials: 5000 }).verdict).toBe('unchanged');
  });

  it('a doubled but material error rate (1 % → 2 %) is a regression; an improvement the other way', () => {
    expect(compareRates({ events: 100, trials: 10_000 }, { events: 200, trials: 10_000 }).verdict).toBe('regressed');
    expect(compareRates({ events: 200, trials: 10_000 }, { events: 100, trials: 10_000 }).verdict).toBe('improved');
  });
});
