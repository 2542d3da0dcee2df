import { describe, expect, it } from 'vitest';
import { fitLine } from './linear-fit.js';

describe('fitLine', () => {
  it('matches scipy.stats.linregress and its standard errors (t 0.975, 4 dof = 2.7764)', () => {
    const f = fitLine([50, 100, 150, 200, 250, 300], [0.061, 0.118, 0.171, 0.236, 0.287, 0.352]);
    const t = 2.7764451051977934;
    expect(f.slope.point).toBeCloseTo(0.0011582857142857143, 14);
    expect(f.intercept.point).toBeCloseTo(0.0014666666666666717, 12);
    expect(f.slope.high - f.slope.point).toBeCloseTo(t * 1.7680459254661715e-5, 12);
    expect(f.intercept.point - f.intercept.low).toBeCloseTo(t * 0.003442774812952091, 10);
    expect(f.rSquared).toBeCloseTo(0.9990688683240563, 12);
  });

  it('two points give the line with unbounded intervals', () => {
    const f = fitLine([1, 3], [2, 6]);
    expect(f.slope.point).toBeCloseTo(2, 12);
    expect(f.slope.low).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(f.residualSd)).toBe(true);
  });

  it('rejects a vertical line and mismatched inputs', () => {
    expect(() => fitLine([2, 2, 2], [1, 2, 3])).toThrow(/equal/);
    expect(() => fitLine([1, 2], [1])).toThrow(/length/);
  });
});
