import type { RampingArrivalRateLoad } from '../config/resolved-scenario.js';
import { rampingSchedule } from '../schedule/arrival-schedule.js';
import { runArrivals } from './arrival-executor.js';
import type { Executor, ExecutorPlan, ExecutorReport, ExecutorRunContext } from './executor.js';

/** Open model whose rate ramps linearly between stage targets (k6 ramping-arrival-rate). */
export class RampingArrivalRate implements Executor {
  constructor(private readonly load: RampingArrivalRateLoad) {}

  private schedule() {
    return rampingSchedule(this.load.startRatePerSec, this.load.stages);
  }

  plan(): ExecutorPlan {
    const { warmupMs, durationMs, unit, clients, stages, startRatePerSec, maxInFlight } = this.load;
    const s = this.schedule();
    const measured = s.totalSlots - s.firstSlotAtOrAfter(warmupMs);
    const ramp = [startRatePerSec, ...stages.map((st) => `${st.targetPerSec} over ${st.durationMs} ms`)].join(' → ');
    return {
      executor: 'ramping-arrival-rate',
      unit,
      warmupMs,
      durationMs,
      // The mean scheduled rate over the measured window: what "achieved" is compared with.
      targetPerSec: durationMs > 0 ? (measured / durationMs) * 1000 : undefined,
      scheduledStarts: s.totalSlots,
      scheduledMeasuredStarts: measured,
      clients,
      description: `${unit}/s ramping ${ramp} = ${s.totalSlots} starts (${measured} measured after ${warmupMs} ms warm-up), at most ${maxInFlight} in flight`,
    };
  }

  run(ctx: ExecutorRunContext): Promise<ExecutorReport> {
    return runArrivals(this.schedule(), this.load.warmupMs, this.load.maxInFlight, ctx);
  }
}
