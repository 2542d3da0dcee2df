import type { ArrivalSchedule } from '../schedule/arrival-schedule.js';
import { LATE_START_MS, type ExecutorReport, type ExecutorRunContext } from './executor.js';
import { encodeHistogram, msToUs, newHistogram, recordUs } from '../metrics/histogram.js';

/**
 * The open model's engine, shared by the constant and ramping executors: start i is due at
 * `startAt + schedule.dueOffsetMs(i)` (never an accumulation of sleeps); everything already due starts
 * at once, in order; the lag is counted, and the latency of the work absorbs it (intended time).
 * Callback-driven on the thread's DueQueue: one wake per distinct due time, no promise per wait.
 */
export function runArrivals(schedule: ArrivalSchedule, warmupMs: number, maxInFlight: number, ctx: ExecutorRunContext): Promise<ExecutorReport> {
  const { share, startAtMs, timers } = ctx;
  const firstMeasured = schedule.firstSlotAtOrAfter(warmupMs);
  const measureStartMs = startAtMs + warmupMs;
  const total = schedule.totalSlots;
  let starts = 0;
  let measuredStarts = 0;
  let measuredAttempts = 0;
  let lastMeasuredAttemptMs = 0;
  let dropped = 0;
  let late = 0;
  let maxLag = 0;
  const lagHistogram = newHistogram();
  let i = share.index;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;

  const slotDone = (): void => {
    inFlight--;
    if (inFlight === 0 && onIdle) onIdle();
  };

  const scheduled = new Promise<void>((resolve) => {
    const tick = (): void => {
      while (i < total && !ctx.signal.aborted) {
        const due = startAtMs + schedule.dueOffsetMs(i);
        const now = performance.now();
        if (due > now) {
          timers.at(due, tick);
          return;
        }
        const lag = now - due;
        if (lag > maxLag) maxLag = lag;
        recordUs(lagHistogram, msToUs(lag));
        timers.noteLag(lag, due);
        if (lag > LATE_START_MS) late++;
        const measured = i >= firstMeasured;
        if (measured) {
          measuredAttempts++;
          lastMeasuredAttemptMs = now - measureStartMs;
        }
        if (inFlight >= maxInFlight) {
          dropped++;
          ctx.onDropped(i, due, measured);
        } else {
          inFlight++;
          starts++;
          if (measured) measuredStarts++;
          ctx.runSlot(i, due, measured).then(slotDone, slotDone);
        }
        i += share.count;
      }
      resolve();
    };
    timers.at(startAtMs, tick);
  });

  /** Resolves true when every start has ended, false when `timeoutMs` passed first. */
  const drain = (timeoutMs: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (inFlight === 0) return resolve(true);
      const timer = setTimeout(() => {
        onIdle = undefined;
        resolve(false);
      }, timeoutMs);
      onIdle = () => {
        clearTimeout(timer);
        onIdle = undefined;
        resolve(true);
      };
    });

  return scheduled.then(async () => {
    const interrupted = ctx.signal.aborted;
    const drained = await drain(interrupted ? 2000 : ctx.drainTimeoutMs);
    const abortedAtDrain = drained ? 0 : inFlight;
    if (!drained) {
      ctx.abortInFlight();
      await drain(5000);
    }
    return { starts, measuredStarts, measuredAttempts, lastMeasuredAttemptMs, dropped, lateStarts: late, maxStartLagMs: maxLag, startLagHdr: encodeHistogram(lagHistogram), abortedAtDrain, endMs: performance.now(), interrupted };
  });
}
