import { setTimeout as sleep } from 'node:timers/promises';
import type { ArrivalSchedule } from './arrival-schedule.js';
import { LATE_START_MS, type ExecutorReport, type ExecutorRunContext } from './executor.js';
import { InFlight } from './in-flight.js';
import { encodeHistogram, msToUs, newHistogram, recordUs } from '../metrics/histogram.js';

/**
 * The open model's engine, shared by the constant and ramping executors: start i is due at
 * `startAt + schedule.dueOffsetMs(i)` (never an accumulation of sleeps); everything already due starts
 * at once, in order; the lag is counted, and the latency of the work absorbs it (intended time).
 */
export async function runArrivals(schedule: ArrivalSchedule, warmupMs: number, maxInFlight: number, ctx: ExecutorRunContext): Promise<ExecutorReport> {
  const { share, startAtMs } = ctx;
  const firstMeasured = schedule.firstSlotAtOrAfter(warmupMs);
  const measureStartMs = startAtMs + warmupMs;
  const inFlight = new InFlight();
  let starts = 0;
  let measuredStarts = 0;
  let measuredAttempts = 0;
  let lastMeasuredAttemptMs = 0;
  let dropped = 0;
  let late = 0;
  let maxLag = 0;
  const lagHistogram = newHistogram();
  let i = share.index;
  while (i < schedule.totalSlots && !ctx.signal.aborted) {
    const due = startAtMs + schedule.dueOffsetMs(i);
    const now = performance.now();
    if (due > now) {
      await sleep(due - now, undefined, { signal: ctx.signal }).catch(() => undefined);
      continue;
    }
    const lag = now - due;
    if (lag > maxLag) maxLag = lag;
    recordUs(lagHistogram, msToUs(lag));
    if (lag > LATE_START_MS) late++;
    const measured = i >= firstMeasured;
    if (measured) {
      measuredAttempts++;
      lastMeasuredAttemptMs = now - measureStartMs;
    }
    if (inFlight.size >= maxInFlight) dropped++;
    else {
      inFlight.add(ctx.runSlot(i, due, measured));
      starts++;
      if (measured) measuredStarts++;
    }
    i += share.count;
  }
  const interrupted = ctx.signal.aborted;
  const drained = await inFlight.drain(interrupted ? 2000 : ctx.drainTimeoutMs);
  const abortedAtDrain = drained ? 0 : inFlight.size;
  if (!drained) {
    ctx.abortInFlight();
    await inFlight.drain(5000);
  }
  return { starts, measuredStarts, measuredAttempts, lastMeasuredAttemptMs, dropped, lateStarts: late, maxStartLagMs: maxLag, startLagHdr: encodeHistogram(lagHistogram), abortedAtDrain, endMs: performance.now(), interrupted };
}
