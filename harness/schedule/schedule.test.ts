import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueTimeMs, firstIndexAtOrAfter, slotCount } from './schedule.js';

describe('schedule math', () => {
  it('a schedule over D seconds at R/s has exactly floor(R×D) slots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 3_600 }), (rate, seconds) => {
        expect(slotCount(rate, seconds * 1000)).toBe(rate * seconds);
      }),
    );
    // Decimal rates whose products sit a hair under an integer in binary floating point.
    expect(slotCount(0.3, 10_000)).toBe(3);
    expect(slotCount(0.7, 10_000)).toBe(7);
    expect(slotCount(2.5, 1_000)).toBe(2);
    expect(slotCount(20, 12_000)).toBe(240);
  });

  it('every slot is due inside the window, and one more slot would exceed the rate', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 5_000, noNaN: true }), fc.integer({ min: 1, max: 120_000 }), (rate, durationMs) => {
        const n = slotCount(rate, durationMs);
        if (n > 0) expect(dueTimeMs(0, n - 1, rate)).toBeLessThan(durationMs + 1e-6);
        expect(n).toBeLessThanOrEqual((rate * durationMs) / 1000 + 1e-6);
        expect(n + 1).toBeGreaterThan((rate * durationMs) / 1000);
      }),
    );
  });

  it('due times come from the index, so they never drift', () => {
    expect(dueTimeMs(1000, 1_000_000, 3)).toBeCloseTo(1000 + 1_000_000_000 / 3, 6);
  });

  it('finds the first slot of the measured window after warm-up', () => {
    expect(firstIndexAtOrAfter(2000, 20)).toBe(40);
    expect(firstIndexAtOrAfter(2010, 20)).toBe(41);
    expect(firstIndexAtOrAfter(0, 20)).toBe(0);
  });
});
