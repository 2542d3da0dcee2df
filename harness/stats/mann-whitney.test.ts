import { describe, expect, it } from 'vitest';
import { newHistogram } from '../metrics/histogram.js';
import { mannWhitneyU } from './mann-whitney.js';
import { mannWhitneyExactDistribution } from './mann-whitney-exact.js';
import { weightedFromHistogram } from './weighted-sample.js';

// Reference p-values from scipy 1.17.1: stats.mannwhitneyu(a, b, alternative='two-sided',
// method='exact' | 'asymptotic', use_continuity=True).
const LARGE_A = [1.001, 1.161, 0.872, 0.641, 0.797, 0.609, 1.031, 1.954, 0.782, 0.733, 1.278, 1.195, 1.054, 0.628, 0.985, 1.416, 0.511, 0.795, 0.387, 0.525, 0.398, 0.889, 0.531, 1.145, 1.082, 0.911, 0.284, 0.764, 0.976, 1.058, 0.465, 0.788, 0.613, 0.667, 1.7, 0.668, 0.984, 1.556, 0.747, 0.946, 1.057, 1.032, 0.542, 1.039, 1.973, 0.461, 1.537, 1.061, 0.726, 2.719, 1.464, 0.549, 1.038, 1.334, 0.91, 1.407, 0.967, 1.396, 2.053, 0.713];
const LARGE_B = [1.352, 0.969, 1.302, 0.675, 0.914, 1.107, 1.914, 2.165, 0.63, 0.821, 1.688, 0.451, 0.969, 1.163, 2.29, 1.724, 1.037, 1.016, 1.078, 2.616, 0.986, 1.049, 1.457, 1.15, 1.107, 0.7, 1.214, 0.978, 2.188, 1.693, 1.207, 1.706, 1.031, 2.067, 1.218, 1.635, 0.641, 1.453, 0.525, 0.441, 1.049, 0.779, 1.326, 3.752, 0.806, 0.894, 1.354, 1.563, 1.118, 1.102, 1.735, 1.584, 0.728, 1.174, 1.243, 0.721, 1.391, 0.795, 1.986, 1.345, 1.277, 0.909, 1.151, 0.45, 0.694, 1.464, 0.421, 1.865, 0.51, 1.783];

describe('mannWhitneyU', () => {
  it('small tie-free samples use the exact distribution (scipy exact: U = 3, p = 0.030303)', () => {
    const r = mannWhitneyU([1.1, 2.3, 3.5, 4.2, 5.9], [3.0, 6.1, 7.4, 8.8, 9.5, 10.2]);
    expect(r.method).toBe('exact');
    expect(r.u).toBe(3);
    expect(r.pValue).toBeCloseTo(0.030303030303030304, 12);
  });

  it('ties use mid-ranks and the tie-corrected normal approximation (scipy: U = 7.5, p = 0.0063731)', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7, 7, 8]);
    expect(r.method).toBe('normal');
    expect(r.u).toBe(7.5);
    expect(r.pValue).toBeCloseTo(0.006373133838085873, 9);
  });

  it('large samples with ties match scipy (U = 1467.5, p = 0.0031617)', () => {
    const r = mannWhitneyU(LARGE_A, LARGE_B);
    expect(r.u).toBe(1467.5);
    expect(r.pValue).toBeCloseTo(0.0031616937775217854, 9);
    expect(r.probabilityAGreater).toBeCloseTo(1467.5 / (60 * 70), 12);
  });

  it('is symmetric: swapping the samples gives U′ = m·n − U and the same p', () => {
    const ab = mannWhitneyU(LARGE_A, LARGE_B);
    const ba = mannWhitneyU(LARGE_B, LARGE_A);
    expect(ba.u).toBe(60 * 70 - ab.u);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
  });

  it('identical constant samples give p = 1', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5]).pValue).toBe(1);
  });

  it('a variance inflation (autocorrelated series) makes the same data less significant', () => {
    const plain = mannWhitneyU(LARGE_A, LARGE_B);
    const inflated = mannWhitneyU(LARGE_A, LARGE_B, { varianceInflation: 3 });
    expect(inflated.pValue).toBeGreaterThan(plain.pValue * 10);
    expect(inflated.z! * Math.sqrt(3)).toBeCloseTo(plain.z!, 9);
  });

  it('histograms give the same answer as the arrays of their bucket values', () => {
    const ha = newHistogram();
    const hb = newHistogram();
    const va: number[] = [];
    const vb: number[] = [];
    for (let i = 0; i < 400; i++) {
      const x = 1000 + ((i * 7919) % 499); // both below 2048 µs, where buckets are 1 µs wide: bucket value = value
      const y = 1100 + ((i * 104729) % 499);
      ha.recordValue(x);
      hb.recordValue(y);
      va.push(x);
      vb.push(y);
    }
    const fromHist = mannWhitneyU(weightedFromHistogram(ha), weightedFromHistogram(hb));
    const fromArrays = mannWhitneyU(va, vb);
    expect(fromHist.u).toBe(fromArrays.u);
    expect(fromHist.pValue).toBeCloseTo(fromArrays.pValue, 12);
    expect(fromHist.pValue).toBeLessThan(1e-6);
  });

  it('rejects an empty sample', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/non-empty/);
  });
});

describe('mannWhitneyExactDistribution', () => {
  it('sums to 1 and matches the counts for m = 2, n = 2 (1,1,2,1,1 of 6)', () => {
    const d = Array.from(mannWhitneyExactDistribution(2, 2));
    expect(d.map((p) => Math.round(p * 6))).toEqual([1, 1, 2, 1, 1]);
    const big = mannWhitneyExactDistribution(30, 40);
    expect(big.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
