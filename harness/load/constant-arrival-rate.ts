import { setTimeout as sleep } from 'node:timers/promises';
import type { ConstantArrivalRateLoad } from '../config/resolved-scenario.js';
import { LATE_START_MS, type Executor, type ExecutorPlan, type ExecutorReport, type ExecutorRunContext } from './executor.js';
import { InFlight } from './in-flight.js';
import { dueTimeMs, firstIndexAtOrAfter, slotCount } from './schedule.js';

/** Sessions start at a fixed rate regardless of how fast earlier ones finish (open model). */
export class ConstantArrivalRate implements Executor {
  constructor(private readonly load: ConstantArrivalRateLoad) {}

  plan(): ExecutorPlan {
    const { ratePerSec, warmupMs, durationMs } = this.load;
    const total = slotCount(ratePerSec, warmupMs + durationMs);
    const measured = total - Math.min(total, firstIndexAtOrAfter(warmupMs, ratePerSec));
    return {
      executor: 'constant-arrival-rate',
      warmupMs,
      durationMs,
      targetSessionsPerSec: ratePerSec,
      scheduledSessions: total,
      scheduledMeasuredSessions: measured,
      clients: undefined,
      description: `${ratePerSec} sessions/s for ${warmupMs} ms warm-up + ${durationMs} ms measured = ${total} sessions (${measured} measured), at most ${this.load.maxInFlightSessions} in flight`,
    };
  }

  async run(ctx: ExecutorRunContext): Promise<ExecutorReport> {
    const { ratePerSec, warmupMs, durationMs, maxInFlightSessions } = this.load;
    const total = slotCount(ratePerSec, warmupMs + durationMs);
    const firstMeasured = firstIndexAtOrAfter(warmupMs, ratePerSec);
    const inFlight = new InFlight();
    const startMs = performance.now();
    let started = 0;
    let startedMeasured = 0;
    let dropped = 0;
    let late = 0;
    let maxLag = 0;
    let lastMeasuredStartMs = startMs + warmupMs;
    let measuredAttempts = 0;
    let i = 0;
    while (i < total && !ctx.signal.aborted) {
      const due = dueTimeMs(startMs, i, ratePerSec);
      const now = performance.now();
      if (due > now) {
        await sleep(due - now, undefined, { signal: ctx.signal }).catch(() => undefined);
        continue;
      }
      // Everything already due starts now, in order; the lag is what the corrected latency absorbs.
      const lag = now - due;
      if (lag > maxLag) maxLag = lag;
      if (lag > LATE_START_MS) late++;
      const measured = i >= firstMeasured;
      if (measured) {
        measuredAttempts++;
        lastMeasuredStartMs = now;
      }
      if (inFlight.size >= maxInFlightSessions) {
        dropped++;
      } else {
        inFlight.add(ctx.runSession(i, due, measured));
        started++;
        if (measured) startedMeasured++;
      }
      i++;
    }
    const interrupted = ctx.signal.aborted;
    const drained = await inFlight.drain(interrupted ? 2000 : ctx.drainTimeoutMs);
    const abortedAtDrain = drained ? 0 : inFlight.size;
    if (!drained) {
      ctx.abortSessions();
      await inFlight.drain(5000);
    }
    // On schedule, the last measured start is one period before the window ends.
    const spanMs = Math.max(durationMs, lastMeasuredStartMs + 1000 / ratePerSec - (startMs + warmupMs));
    return {
      achievedSessionsPerSec: (startedMeasured / spanMs) * 1000,
      attemptedSessionsPerSec: (measuredAttempts / spanMs) * 1000,
      startMs,
      measureStartMs: startMs + warmupMs,
      measureEndMs: startMs + warmupMs + durationMs,
      endMs: performance.now(),
      sessionsScheduled: total,
      sessionsStarted: started,
      sessionsStartedMeasured: startedMeasured,
      dropped,
      lateStarts: late,
      maxStartLagMs: maxLag,
      abortedAtDrain,
      interrupted,
    };
  }
}
