import { slotCount } from './schedule.js';

/**
 * When each start of an open-model load is due, as an offset from the load's start. Start i is due
 * when the integral of the rate reaches i (k6's ramping-arrival-rate semantics); a pure function of i,
 * never of how long earlier starts took.
 */
export interface ArrivalSchedule {
  /** Number of starts the schedule makes: floor of the rate's integral over the whole schedule. */
  readonly totalSlots: number;
  readonly totalMs: number;
  dueOffsetMs(index: number): number;
  /** Index of the first start due at or after `offsetMs`. */
  firstSlotAtOrAfter(offsetMs: number): number;
}

export function constantSchedule(ratePerSec: number, totalMs: number): ArrivalSchedule {
  const total = slotCount(ratePerSec, totalMs);
  return {
    totalSlots: total,
    totalMs,
    dueOffsetMs: (i) => (i * 1000) / ratePerSec,
    firstSlotAtOrAfter: (offsetMs) => Math.min(total, Math.max(0, Math.ceil((offsetMs * ratePerSec) / 1000 - 1e-9))),
  };
}

export interface RampStage {
  /** Rate reached at the end of the stage (starts per second). */
  readonly targetPerSec: number;
  readonly durationMs: number;
}

interface Segment {
  readonly startMs: number;
  readonly durationMs: number;
  readonly fromPerSec: number;
  readonly toPerSec: number;
  /** Starts accumulated before this segment (the rate's integral up to startMs). */
  readonly before: number;
}

/** Starts made within `t` ms into a segment: ∫ (r0 + (r1 − r0)·τ/T) dτ, in starts. */
function integral(s: Segment, tMs: number): number {
  const t = tMs / 1000;
  const T = s.durationMs / 1000;
  return s.fromPerSec * t + ((s.toPerSec - s.fromPerSec) * t * t) / (2 * T);
}

/** Inverse of `integral`: when, within the segment, the n-th start (counted from its beginning) is due. */
function timeOfCount(s: Segment, n: number): number {
  const T = s.durationMs / 1000;
  const a = (s.toPerSec - s.fromPerSec) / (2 * T);
  const b = s.fromPerSec;
  if (n <= 0) return 0;
  if (Math.abs(a) < 1e-12) return b > 0 ? (n / b) * 1000 : s.durationMs;
  // a·t² + b·t − n = 0, the root in [0, T]; written to stay accurate when b² ≫ 4an.
  const disc = Math.max(0, b * b + 4 * a * n);
  const t = (2 * n) / (b + Math.sqrt(disc));
  return t * 1000;
}

/** Linear ramps between stage targets, starting from `startPerSec` (k6 ramping-arrival-rate). */
export function rampingSchedule(startPerSec: number, stages: readonly RampStage[]): ArrivalSchedule {
  const segments: Segment[] = [];
  let at = 0;
  let from = startPerSec;
  let before = 0;
  for (const st of stages) {
    const seg = { startMs: at, durationMs: st.durationMs, fromPerSec: from, toPerSec: st.targetPerSec, before };
    segments.push(seg);
    before += integral(seg, st.durationMs);
    at += st.durationMs;
    from = st.targetPerSec;
  }
  const total = Math.floor(before + 1e-9);
  const dueOffsetMs = (i: number): number => {
    // The segment whose cumulative count range contains i (binary search: schedules can be long).
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((segments[mid] as Segment).before <= i + 1e-9) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo] as Segment;
    return seg.startMs + Math.min(seg.durationMs, timeOfCount(seg, i - seg.before));
  };
  const countBefore = (offsetMs: number): number => {
    for (const seg of segments) {
      if (offsetMs <= seg.startMs + seg.durationMs) return seg.before + integral(seg, Math.max(0, offsetMs - seg.startMs));
    }
    return before;
  };
  return {
    totalSlots: total,
    totalMs: at,
    dueOffsetMs,
    firstSlotAtOrAfter: (offsetMs) => Math.min(total, Math.max(0, Math.ceil(countBefore(offsetMs) - 1e-9))),
  };
}
