/**
 * Open-model schedule math (wrk2): start i is due at `start + i × period`, computed from i, never by
 * accumulating sleeps, so scheduling error cannot drift.
 */

/** Tolerance for products like 0.3 × 10 that land a hair under an integer in binary floating point. */
const EPSILON = 1e-9;

/** Number of starts a constant rate makes in a window: floor(rate × duration). */
export function slotCount(ratePerSec: number, durationMs: number): number {
  if (!(ratePerSec > 0) || !(durationMs > 0)) return 0;
  return Math.floor((ratePerSec * durationMs) / 1000 + EPSILON);
}

export function periodMs(ratePerSec: number): number {
  return 1000 / ratePerSec;
}

export function dueTimeMs(startMs: number, index: number, ratePerSec: number): number {
  return startMs + (index * 1000) / ratePerSec;
}

/** Index of the first start due at or after `offsetMs` from the schedule's start. */
export function firstIndexAtOrAfter(offsetMs: number, ratePerSec: number): number {
  return Math.max(0, Math.ceil((offsetMs * ratePerSec) / 1000 - EPSILON));
}
