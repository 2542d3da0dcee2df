import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../workload/prng.js';
import { medianOfRepetitions, summarizePooledIntervals, withinNoise } from './repetition-summary.js';

function seconds(n: number, level: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => level * (0.9 + 0.2 * r()));
}

describe('medianOfRepetitions', () => {
  it('three repetitions: median, [min, max], and the honest 75 % coverage', () => {
    const r = medianOfRepetitions([12, 10, 15]);
    expect(r).toMatchObject({ point: 12, low: 10, high: 15, repetitions: 3 });
    expect(r.confidence).toBeCloseTo(0.75, 12);
  });

  it('ten repetitions: the 2nd and 9th order statistics (coverage 1 − 2·11/1024)', () => {
    const r = medianOfRepetitions([9, 1, 8, 2, 7, 3, 6, 4, 5, 10]);
    expect(r.point).toBe(5.5);
    expect([r.low, r.high]).toEqual([2, 9]);
    expect(r.confidence).toBeCloseTo(1 - (2 * 11) / 1024, 12);
  });

  it('one repetition is its own median with no coverage claimed', () => {
    expect(medianOfRepetitions([7])).toMatchObject({ point: 7, low: 7, high: 7, confidence: 0 });
  });
});

describe('summarizePooledIntervals', () => {
  it('is deterministic and brackets the pooled median', () => {
    const reps = [seconds(30, 100, 1), seconds(30, 100, 2), seconds(30, 100, 3)];
    const s = summarizePooledIntervals(reps);
    expect(summarizePooledIntervals(reps)).toEqual(s);
    expect(s.low).toBeLessThanOrEqual(s.point);
    expect(s.high).toBeGreaterThanOrEqual(s.point);
    expect(s).toMatchObject({ repetitions: 3, values: 90 });
  });

  it('run-to-run drift widens the interval (the repetition level of the bootstrap counts)', () => {
    const steady = summarizePooledIntervals([seconds(30, 100, 1), seconds(30, 100, 2), seconds(30, 100, 3)]);
    const drifting = summarizePooledIntervals([seconds(30, 90, 1), seconds(30, 100, 2), seconds(30, 110, 3)]);
    expect(drifting.high - drifting.low).toBeGreaterThan(2 * (steady.high - steady.low));
  });
});

describe('withinNoise', () => {
  it('two cells from the same distribution are within noise', () => {
    const a = [seconds(30, 100, 1), seconds(30, 100, 2), seconds(30, 100, 3)];
    const b = [seconds(30, 100, 4), seconds(30, 100, 5), seconds(30, 100, 6)];
    const r = withinNoise(a, b);
    expect(r.withinNoise).toBe(true);
    expect(r.ratio.low).toBeLessThanOrEqual(1);
    expect(r.ratio.high).toBeGreaterThanOrEqual(1);
  });

  it('a 20 % difference is not', () => {
    const a = [seconds(30, 100, 1), seconds(30, 100, 2), seconds(30, 100, 3)];
    const b = [seconds(30, 120, 4), seconds(30, 120, 5), seconds(30, 120, 6)];
    const r = withinNoise(a, b);
    expect(r.withinNoise).toBe(false);
    expect(r.ratio.low).toBeGreaterThan(1.1);
    expect(r.pValue).toBeLessThan(0.001);
  });
});
