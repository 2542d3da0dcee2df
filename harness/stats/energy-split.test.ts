import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../workload/prng.js';
import { bestEnergySplit } from './energy-split.js';

/** Q̂(τ, κ) straight from the definition (Matteson & James 2014, eq. 4–5), for checking the prefix sums. */
function naiveQ(x: number[], tau: number, kappa: number): number {
  const X = x.slice(0, tau);
  const Y = x.slice(tau, kappa);
  const m = X.length;
  const k = Y.length;
  let between = 0;
  for (const a of X) for (const b of Y) between += Math.abs(a - b);
  let withinX = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) withinX += Math.abs(X[i]! - X[j]!);
  let withinY = 0;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) withinY += Math.abs(Y[i]! - Y[j]!);
  const e = (2 * between) / (m * k) - withinX / ((m * (m - 1)) / 2) - withinY / ((k * (k - 1)) / 2);
  return ((m * k) / (m + k)) * e;
}

describe('bestEnergySplit', () => {
  it('maximises the energy statistic of the definition over τ and κ', () => {
    const r = mulberry32(8);
    const x = Array.from({ length: 24 }, (_, i) => (i >= 14 ? 5 : 0) + r() * 3);
    let best = { q: 0, tau: -1, kappa: -1 };
    for (let tau = 3; tau <= x.length - 3; tau++) {
      for (let kappa = tau + 3; kappa <= x.length; kappa++) {
        const q = naiveQ(x, tau, kappa);
        if (q > best.q) best = { q, tau, kappa };
      }
    }
    const split = bestEnergySplit(x, 3);
    expect(split.tau).toBe(best.tau);
    expect(split.kappa).toBe(best.kappa);
    expect(split.q).toBeCloseTo(best.q, 9);
    expect(split.tau).toBe(14);
    // A reused scratch buffer gives the same answer.
    expect(bestEnergySplit(x, 3, 1, new Float64Array(1000).fill(7))).toEqual(split);
  });

  it('no split fits in a segment shorter than two minimum segments', () => {
    expect(bestEnergySplit([1, 2, 3], 2)).toEqual({ tau: -1, kappa: -1, q: 0 });
  });
});
