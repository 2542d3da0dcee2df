import { describe, expect, it } from 'vitest';
import { twoProportionTest } from './two-proportion-test.js';

// p-values from scipy 1.17.1 (stats.fisher_exact; the pooled z-test by hand with stats.norm.cdf).
describe('twoProportionTest', () => {
  it('rare errors use Fisher exact: 0 vs 3 in 10⁵ is p = 0.25, not the z-test’s 0.083', () => {
    const r = twoProportionTest({ events: 0, trials: 100_000 }, { events: 3, trials: 100_000 });
    expect(r.method).toBe('fisher-exact');
    expect(r.pValue).toBeCloseTo(0.24999624998488393, 9);
    expect(r.difference).toBeCloseTo(3e-5, 12);
    expect(r.differenceLow).toBeLessThan(0);
    expect(r.differenceHigh).toBeGreaterThan(3e-5);
  });

  it('small samples (expected count 3.6 < 5): Fisher exact p = 0.069315 for 1/50 vs 7/60', () => {
    const r = twoProportionTest({ events: 1, trials: 50 }, { events: 7, trials: 60 });
    expect(r.method).toBe('fisher-exact');
    expect(r.pValue).toBeCloseTo(0.06931540139058409, 9);
  });

  it('plentiful events use the pooled z-test: 120 vs 180 in 10⁴ is p = 0.00048234', () => {
    const r = twoProportionTest({ events: 120, trials: 10_000 }, { events: 180, trials: 10_000 });
    expect(r.method).toBe('pooled-z');
    expect(r.pValue).toBeCloseTo(0.0004823371284180718, 10);
  });

  it('Newcombe hybrid-score interval matches the paper’s example (56/70 − 48/80: 0.0524 to 0.3339)', () => {
    const r = twoProportionTest({ events: 48, trials: 80 }, { events: 56, trials: 70 });
    expect(r.difference).toBeCloseTo(0.2, 12);
    expect(r.differenceLow).toBeCloseTo(0.0524, 4);
    expect(r.differenceHigh).toBeCloseTo(0.3339, 4);
  });

  it('no events on either side: p = 1 and an interval around 0', () => {
    const r = twoProportionTest({ events: 0, trials: 1000 }, { events: 0, trials: 1000 });
    expect(r.pValue).toBe(1);
    expect(r.differenceLow).toBeLessThan(0);
    expect(r.differenceHigh).toBeGreaterThan(0);
  });

  it('names the bad side', () => {
    expect(() => twoProportionTest({ events: 5, trials: 3 }, { events: 0, trials: 1 })).toThrow(/baseline/);
  });
});
