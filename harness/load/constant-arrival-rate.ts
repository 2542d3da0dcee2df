import type { ConstantArrivalRateLoad } from '../config/resolved-scenario.js';
import { constantSchedule } from '../schedule/arrival-schedule.js';
import { runArrivals } from './arrival-executor.js';
import type { Executor, ExecutorPlan, ExecutorReport, ExecutorRunContext } from './executor.js';

/** Starts at a fixed rate regardless of how fast earlier ones finish (open model, wrk2-style). */
export class ConstantArrivalRate implements Executor {
  constructor(private readonly load: ConstantArrivalRateLoad) {}

  private schedule() {
    return constantSchedule(this.load.ratePerSec, this.load.warmupMs + this.load.durationMs);
  }

  plan(): ExecutorPlan {
    const { ratePerSec, warmupMs, durationMs, unit, clients, maxInFlight } = this.load;
    const s = this.schedule();
    const measured = s.totalSlots - s.firstSlotAtOrAfter(warmupMs);
    const over = unit === 'requests' ? ` over ${clients} client sessions` : '';
    return {
      executor: 'constant-arrival-rate',
      unit,
      warmupMs,
      durationMs,
      targetPerSec: ratePerSec,
      scheduledStarts: s.totalSlots,
      scheduledMeasuredStarts: measured,
      clients,
      description: `${ratePerSec} ${unit}/s${over} for ${warmupMs} ms warm-up + ${durationMs} ms measured = ${s.totalSlots} starts (${measured} measured), at most ${maxInFlight} in flight`,
    };
  }

  run(ctx: ExecutorRunContext): Promise<ExecutorReport> {
    return runArrivals(this.schedule(), this.load.warmupMs, this.load.maxInFlight, ctx);
  }
}
