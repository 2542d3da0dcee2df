import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantSchedule, rampingSchedule } from './arrival-schedule.js';

describe('constantSchedule', () => {
  it('has floor(R×D) slots, due at i/R', () => {
    const s = constantSchedule(20, 12_000);
    expect(s.totalSlots).toBe(240);
    expect(s.dueOffsetMs(40)).toBe(2000);
    expect(s.firstSlotAtOrAfter(2000)).toBe(40);
  });
});

describe('rampingSchedule', () => {
  it('a flat ramp equals the constant schedule', () => {
    const r = rampingSchedule(50, [{ targetPerSec: 50, durationMs: 4000 }]);
    const c = constantSchedule(50, 4000);
    expect(r.totalSlots).toBe(c.totalSlots);
    for (const i of [0, 1, 99, 199]) expect(r.dueOffsetMs(i)).toBeCloseTo(c.dueOffsetMs(i), 6);
  });

  it('makes floor(∫rate) starts: 0 → 100/s over 10 s is 500 starts', () => {
    expect(rampingSchedule(0, [{ targetPerSec: 100, durationMs: 10_000 }]).totalSlots).toBe(500);
  });

  it('due times are increasing, inside the schedule, and invert the count', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.array(fc.record({ targetPerSec: fc.double({ min: 0.5, max: 300, noNaN: true }), durationMs: fc.integer({ min: 100, max: 20_000 }) }), { minLength: 1, maxLength: 4 }),
        (start, stages) => {
          const s = rampingSchedule(start, stages);
          let prev = -1;
          for (let i = 0; i < s.totalSlots; i += Math.max(1, Math.floor(s.totalSlots / 50))) {
            const d = s.dueOffsetMs(i);
            expect(d).toBeGreaterThanOrEqual(prev - 1e-6);
            expect(d).toBeLessThanOrEqual(s.totalMs + 1e-6);
            // The first slot at or after a slot's due time is that slot (up to float noise).
            expect(Math.abs(s.firstSlotAtOrAfter(d) - i)).toBeLessThanOrEqual(1);
            prev = d;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ramps up then down: the peak stage is densest', () => {
    const s = rampingSchedule(10, [
      { targetPerSec: 100, durationMs: 5000 },
      { targetPerSec: 10, durationMs: 5000 },
    ]);
    const gapAt = (ms: number): number => {
      const i = s.firstSlotAtOrAfter(ms);
      return s.dueOffsetMs(i + 1) - s.dueOffsetMs(i);
    };
    expect(gapAt(5000)).toBeLessThan(gapAt(500));
    expect(gapAt(5000)).toBeLessThan(gapAt(9500));
    expect(s.totalSlots).toBe(550);
  });
});
