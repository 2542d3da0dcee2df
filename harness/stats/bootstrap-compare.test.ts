import { describe, expect, it } from 'vitest';
import { newHistogram } from '../metrics/histogram.js';
import { mulberry32 } from '../workload/prng.js';
import { bootstrapQuantileComparison, quantileReplicator } from './bootstrap-compare.js';

function exponential(n: number, meanValue: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => -Math.log(1 - r()) * meanValue);
}

describe('bootstrapQuantileComparison', () => {
  it('is deterministic for a seed, and the seed matters', () => {
    const a = { values: exponential(100, 1, 1) };
    const b = { values: exponential(100, 1.3, 2) };
    const first = bootstrapQuantileComparison(a, b, 0.5);
    const again = bootstrapQuantileComparison(a, b, 0.5);
    const other = bootstrapQuantileComparison(a, b, 0.5, { seed: 99 });
    expect(again).toEqual(first);
    expect(other.difference.low).not.toBe(first.difference.low);
    expect(other.difference.point).toBe(first.difference.point);
  });

  it('95 % intervals on the difference of medians cover the true difference in about 95 % of samples', () => {
    const trueDifference = 0.2 * Math.LN2; // medians of Exp(mean 1.2) and Exp(mean 1)
    let covered = 0;
    const trials = 100;
    for (let t = 0; t < trials; t++) {
      const r = bootstrapQuantileComparison(
        { values: exponential(150, 1, 1000 + t) },
        { values: exponential(150, 1.2, 5000 + t) },
        0.5,
        { resamples: 400, seed: t },
      );
      if (r.difference.low <= trueDifference && trueDifference <= r.difference.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(88);
    expect(covered).toBeLessThanOrEqual(99);
  }, 30_000);

  it('a doubled cost gives a ratio interval around 2 that excludes 1', () => {
    const base = exponential(300, 1000, 7).map((x) => 500 + x);
    const doubled = exponential(300, 1000, 8).map((x) => 2 * (500 + x));
    const r = bootstrapQuantileComparison({ values: base }, { values: doubled }, 0.99);
    expect(r.ratio!.low).toBeGreaterThan(1.3);
    expect(r.ratio!.low).toBeLessThan(2);
    expect(r.ratio!.high).toBeGreaterThan(2);
    expect(r.ratio!.point).toBeCloseTo(r.candidate / r.baseline, 12);
  });

  it('an autocorrelated ordered series is resampled in blocks and gets a wider interval', () => {
    const r = mulberry32(3);
    const series: number[] = [];
    let level = 0;
    for (let i = 0; i < 300; i++) {
      level = 0.8 * level + (r() - 0.5);
      series.push(100 + 10 * level);
    }
    const other = series.map((x) => x + 1);
    const iid = bootstrapQuantileComparison({ values: series }, { values: other }, 0.5);
    const blocked = bootstrapQuantileComparison({ values: series, ordered: true }, { values: other, ordered: true }, 0.5);
    expect(blocked.blockLengths).toEqual([7, 7]); // ⌈300^(1/3)⌉
    expect(iid.blockLengths).toEqual([1, 1]);
    expect(blocked.difference.high - blocked.difference.low).toBeGreaterThan(1.3 * (iid.difference.high - iid.difference.low));
  });

  it('rejects an empty side and a bad confidence, naming them', () => {
    expect(() => bootstrapQuantileComparison({ values: [] }, { values: [1] }, 0.5)).toThrow(/baseline/);
    expect(() => bootstrapQuantileComparison({ values: [1] }, { values: [1] }, 0.5, { confidence: 95 })).toThrow(/confidence/);
  });
});

describe('histogram resampling', () => {
  it('the point estimate is the histogram’s own percentile', () => {
    const h = newHistogram();
    for (const x of exponential(5000, 2000, 11)) h.recordValue(Math.round(100 + x));
    const rep = quantileReplicator({ histogram: h }, 0.99, mulberry32(1));
    expect(rep.point).toBe(h.getValueAtPercentile(99));
  });

  it('replicates of p99 from a histogram spread like those of an array bootstrap of its values', () => {
    const values = exponential(2000, 1000, 12).map((x) => Math.round(200 + x));
    const h = newHistogram();
    for (const v of values) h.recordValue(v);
    const fromHist = quantileReplicator({ histogram: h }, 0.99, mulberry32(5));
    const fromArray = quantileReplicator({ values }, 0.99, mulberry32(6));
    const spread = (next: () => number): { mean: number; sd: number } => {
      const xs = Array.from({ length: 3000 }, next);
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) };
    };
    const h1 = spread(() => fromHist.next());
    const a1 = spread(() => fromArray.next());
    expect(h1.mean / a1.mean).toBeGreaterThan(0.98);
    expect(h1.mean / a1.mean).toBeLessThan(1.02);
    expect(h1.sd / a1.sd).toBeGreaterThan(0.85);
    expect(h1.sd / a1.sd).toBeLessThan(1.15);
  }, 30_000);

  it('compares two histograms: a 20 % slower candidate has a p50 ratio interval near 1.2', () => {
    const ha = newHistogram();
    const hb = newHistogram();
    for (const x of exponential(20_000, 1000, 21)) ha.recordValue(Math.round(500 + x));
    for (const x of exponential(20_000, 1000, 22)) hb.recordValue(Math.round(1.2 * (500 + x)));
    const r = bootstrapQuantileComparison({ histogram: ha }, { histogram: hb }, 0.5);
    expect(r.ratio!.low).toBeGreaterThan(1.15);
    expect(r.ratio!.high).toBeLessThan(1.25);
    expect(r.ratio!.low).toBeLessThan(r.ratio!.high);
  });
});
