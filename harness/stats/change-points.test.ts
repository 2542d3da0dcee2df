import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../workload/prng.js';
import { eDivisiveChangePoints } from './change-points.js';

/** A nightly p99 history (µs): level × (1 + 3 % Gaussian noise). */
function history(levels: readonly number[], seed: number): number[] {
  const r = mulberry32(seed);
  return levels.map((level) => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return level * (1 + 0.03 * gaussian);
  });
}

const steps = (parts: readonly [number, number][]): number[] => parts.flatMap(([n, level]) => Array<number>(n).fill(level));

describe('eDivisiveChangePoints', () => {
  it('finds a 15 % step in p99 at the run where it happened (3 % noise, 20 seeded histories)', () => {
    let exact = 0;
    for (let seed = 0; seed < 20; seed++) {
      const { changePoints } = eDivisiveChangePoints(history(steps([[25, 8000], [15, 9200]]), seed));
      const nearest = changePoints.find((c) => Math.abs(c.index - 25) <= 1);
      expect(nearest, `seed ${seed}`).toBeDefined();
      expect(nearest!.pValue).toBeLessThanOrEqual(0.01);
      expect(nearest!.relativeChange).toBeGreaterThan(0.1);
      expect(nearest!.relativeChange).toBeLessThan(0.2);
      if (nearest!.index === 25) exact++;
    }
    // Noise can make the last old run look new (or the first new one look old): rarely, by one run.
    expect(exact).toBeGreaterThanOrEqual(18);
  });

  it('raises a false alarm on at most 5 % of 100 seeded noise-only histories', () => {
    let alarms = 0;
    for (let seed = 0; seed < 100; seed++) {
      if (eDivisiveChangePoints(history(Array<number>(40).fill(8000), 10_000 + seed)).changePoints.length > 0) alarms++;
    }
    expect(alarms).toBeLessThanOrEqual(5);
  }, 60_000);

  it('the same history always gives the same change points', () => {
    const series = history(steps([[15, 100], [15, 112], [15, 100]]), 42);
    const first = eDivisiveChangePoints(series);
    expect(eDivisiveChangePoints([...series])).toEqual(first);
    expect(first.changePoints.map((c) => c.index)).toEqual(expect.arrayContaining([15, 30]));
  });

  it('finds both steps of a rise-then-fall history (±15 %) within one run, in 20 seeded histories', () => {
    for (let seed = 0; seed < 20; seed++) {
      const found = eDivisiveChangePoints(history(steps([[15, 100], [15, 115], [15, 100]]), seed)).changePoints.map((c) => c.index);
      expect(found.some((i) => Math.abs(i - 15) <= 1), `seed ${seed}: ${found}`).toBe(true);
      expect(found.some((i) => Math.abs(i - 30) <= 1), `seed ${seed}: ${found}`).toBe(true);
    }
  });

  it('a series shorter than two minimum segments is skipped, not analysed', () => {
    const r = eDivisiveChangePoints([1, 1, 1, 1, 9, 9, 9, 9]);
    expect(r.changePoints).toEqual([]);
    expect(r.skipped).toMatch(/8 points; change points need at least 10/);
    expect(eDivisiveChangePoints([1, 1, 1, 9, 9, 9], { minSegment: 3 }).skipped).toBeUndefined();
  });

  it('a constant series has no change points', () => {
    expect(eDivisiveChangePoints(Array<number>(30).fill(5)).changePoints).toEqual([]);
  });

  it('rejects non-finite values and a too-small minimum segment', () => {
    expect(() => eDivisiveChangePoints([1, Number.NaN, 3])).toThrow(/non-finite/);
    expect(() => eDivisiveChangePoints([1, 2, 3], { minSegment: 1 })).toThrow(/minSegment/);
  });
});
