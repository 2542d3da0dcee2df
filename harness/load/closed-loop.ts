import type { ClosedLoopLoad } from '../config/resolved-scenario.js';
import type { Executor, ExecutorPlan, ExecutorReport, ExecutorRunContext } from './executor.js';

/**
 * N clients run back to back: a maximum-throughput measurement. There is no schedule, so a start's
 * intended time is its actual time and "corrected" equals "uncorrected" latency; the result says so.
 */
export class ClosedLoop implements Executor {
  constructor(private readonly load: ClosedLoopLoad) {}

  plan(): ExecutorPlan {
    const { clients, warmupMs, durationMs, unit } = this.load;
    return {
      executor: 'closed-loop',
      unit,
      warmupMs,
      durationMs,
      targetPerSec: undefined,
      scheduledStarts: undefined,
      scheduledMeasuredStarts: undefined,
      clients,
      description: `${clients} clients back to back (${unit}) for ${warmupMs} ms warm-up + ${durationMs} ms measured`,
    };
  }

  async run(ctx: ExecutorRunContext): Promise<ExecutorReport> {
    const { clients, warmupMs, durationMs } = this.load;
    const { share, startAtMs } = ctx;
    await new Promise<void>((resolve) => ctx.timers.at(startAtMs, resolve));
    const measureStartMs = startAtMs + warmupMs;
    const endMs = measureStartMs + durationMs;
    // Clients c ≡ share.index (mod share.count) belong to this share; start numbers interleave the same way.
    const mine = Math.floor(clients / share.count) + (share.index < clients % share.count ? 1 : 0);
    let next = share.index;
    let starts = 0;
    let measuredStarts = 0;
    let running = mine;
    const loop = async (): Promise<void> => {
      for (;;) {
        const now = performance.now();
        if (now >= endMs || ctx.signal.aborted) break;
        const measured = now >= measureStartMs;
        starts++;
        if (measured) measuredStarts++;
        const index = next;
        next += share.count;
        await ctx.runSlot(index, now, measured);
      }
      running--;
    };
    const loops = Promise.all(Array.from({ length: mine }, loop));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, endMs - performance.now()) + ctx.drainTimeoutMs);
    });
    const finished = await Promise.race([loops.then(() => true), deadline]);
    clearTimeout(timer);
    const abortedAtDrain = finished ? 0 : running;
    if (!finished) {
      ctx.abortInFlight();
      await loops;
    }
    return { starts, measuredStarts, measuredAttempts: measuredStarts, lastMeasuredAttemptMs: durationMs, dropped: 0, lateStarts: 0, maxStartLagMs: 0, startLagHdr: undefined, abortedAtDrain, endMs: performance.now(), interrupted: ctx.signal.aborted };
  }
}
