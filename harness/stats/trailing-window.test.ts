import { describe, expect, it } from 'vitest';
import { checkNewestAgainstWindow } from './trailing-window.js';

const steady = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101]; // mean 100.1, sd ≈ 1.85

describe('checkNewestAgainstWindow', () => {
  it('flags a newest run far outside the window, on the bad side for latency', () => {
    const r = checkNewestAgainstWindow([...steady, 120], { direction: 'lower-is-better' });
    expect(r.status).toBe('outlier');
    expect(r.z).toBeGreaterThan(4);
    expect(r.worse).toBe(true);
    expect(r.relativeChange).toBeCloseTo(120 / 100.1 - 1, 9);
  });

  it('a rise is good news for capacity', () => {
    expect(checkNewestAgainstWindow([...steady, 120], { direction: 'higher-is-better' }).worse).toBe(false);
  });

  it('passes a run inside the window’s spread', () => {
    expect(checkNewestAgainstWindow([...steady, 104]).status).toBe('ok');
  });

  it('needs both 4 σ and the minimum effect: a 3 % jump over a very quiet window is not flagged', () => {
    const quiet = [100, 100.1, 99.9, 100, 100.05, 99.95];
    const r = checkNewestAgainstWindow([...quiet, 103]);
    expect(Math.abs(r.z)).toBeGreaterThan(4);
    expect(r.status).toBe('ok');
    expect(checkNewestAgainstWindow([...quiet, 103], { minEffect: 0.01 }).status).toBe('outlier');
  });

  it('uses only the last N runs', () => {
    const r = checkNewestAgainstWindow([500, 500, 500, ...steady, 120], { window: 10 });
    expect(r.windowSize).toBe(10);
    expect(r.windowMean).toBeCloseTo(100.1, 9);
  });

  it('too short a history is "insufficient", not ok', () => {
    const r = checkNewestAgainstWindow([100, 101, 150]);
    expect(r.status).toBe('insufficient');
    expect(r.reason).toMatch(/2 earlier runs/);
  });

  it('a constant window and a different newest value is an outlier with infinite z', () => {
    const r = checkNewestAgainstWindow([50, 50, 50, 50, 50, 60]);
    expect(r.z).toBe(Number.POSITIVE_INFINITY);
    expect(r.status).toBe('outlier');
  });
});
