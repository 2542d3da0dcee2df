import type { ClosedLoopLoad } from '../config/resolved-scenario.js';
import type { Executor, ExecutorPlan, ExecutorReport, ExecutorRunContext } from './executor.js';

/**
 * N clients run sessions back to back: a maximum-throughput measurement. There is no schedule, so a
 * session's intended start is its actual start and "corrected" equals "uncorrected" latency; the
 * result says so rather than pretending otherwise.
 */
export class ClosedLoop implements Executor {
  constructor(private readonly load: ClosedLoopLoad) {}

  plan(): ExecutorPlan {
    const { clients, warmupMs, durationMs } = this.load;
    return {
      executor: 'closed-loop',
      warmupMs,
      durationMs,
      targetSessionsPerSec: undefined,
      scheduledSessions: undefined,
      scheduledMeasuredSessions: undefined,
      clients,
      description: `${clients} clients back to back for ${warmupMs} ms warm-up + ${durationMs} ms measured`,
    };
  }

  async run(ctx: ExecutorRunContext): Promise<ExecutorReport> {
    const { clients, warmupMs, durationMs } = this.load;
    const startMs = performance.now();
    const measureStartMs = startMs + warmupMs;
    const endMs = measureStartMs + durationMs;
    let next = 0;
    let startedMeasured = 0;
    let running = clients;
    const loop = async (): Promise<void> => {
      for (;;) {
        const now = performance.now();
        if (now >= endMs || ctx.signal.aborted) {
          running--;
          return;
        }
        const measured = now >= measureStartMs;
        if (measured) startedMeasured++;
        await ctx.runSession(next++, now, measured);
      }
    };
    const loops = Array.from({ length: clients }, loop);
    let timer: NodeJS.Timeout | undefined;
    const drainDeadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), endMs - startMs + ctx.drainTimeoutMs);
    });
    const finished = await Promise.race([Promise.all(loops).then(() => true), drainDeadline]);
    clearTimeout(timer);
    let abortedAtDrain = 0;
    if (!finished) {
      abortedAtDrain = running;
      ctx.abortSessions();
      await Promise.all(loops);
    }
    return {
      achievedSessionsPerSec: (startedMeasured / durationMs) * 1000,
      attemptedSessionsPerSec: (startedMeasured / durationMs) * 1000,
      startMs,
      measureStartMs,
      measureEndMs: endMs,
      endMs: performance.now(),
      sessionsScheduled: undefined,
      sessionsStarted: next,
      sessionsStartedMeasured: startedMeasured,
      dropped: 0,
      lateStarts: 0,
      maxStartLagMs: 0,
      abortedAtDrain,
      interrupted: ctx.signal.aborted,
    };
  }
}
