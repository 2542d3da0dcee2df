import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface GeneratorHealth {
  readonly cpuUs: number;
  readonly wallMs: number;
  /** CPU used by the generator process as a percentage of one core over the cell. */
  readonly cpuPctOfOneCore: number;
  readonly eventLoopDelay: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
}

/** Thresholds past which the generator, not the system under test, limits what was measured. */
export const SATURATION = {
  eventLoopP99Ms: 10,
  cpuPctOfOneCore: 90,
  achievedRateRatio: 0.95,
} as const;

/**
 * Node's histogram records the whole interval between its timer's runs, resolution included (measured
 * here: resolution 5 ms on an idle loop gives p50 5.43 ms), so the delay is the value minus it.
 */
const ELD_RESOLUTION_MS = 2;

/** Watches the generator's own CPU and event-loop delay for the duration of a cell. */
export class GeneratorMonitor {
  private readonly eld: IntervalHistogram;
  private readonly cpuStart: NodeJS.CpuUsage;
  private readonly wallStart: number;

  constructor() {
    this.eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
    this.eld.enable();
    this.cpuStart = process.cpuUsage();
    this.wallStart = performance.now();
  }

  stop(): GeneratorHealth {
    this.eld.disable();
    const cpu = process.cpuUsage(this.cpuStart);
    const wallMs = performance.now() - this.wallStart;
    const cpuUs = cpu.user + cpu.system;
    const ns = (v: number): number => Math.max(0, Math.round((v / 1e6 - ELD_RESOLUTION_MS) * 100) / 100);
    return {
      cpuUs,
      wallMs,
      cpuPctOfOneCore: wallMs > 0 ? (cpuUs / 1000 / wallMs) * 100 : 0,
      eventLoopDelay: { p50Ms: ns(this.eld.percentile(50)), p99Ms: ns(this.eld.percentile(99)), maxMs: ns(this.eld.max) },
    };
  }
}

/** Why a cell's numbers may describe the generator rather than the servers; empty when healthy. */
export function saturationReasons(h: GeneratorHealth, achievedRatio: number | undefined): string[] {
  const reasons: string[] = [];
  if (h.eventLoopDelay.p99Ms > SATURATION.eventLoopP99Ms) reasons.push(`event-loop delay p99 ${h.eventLoopDelay.p99Ms} ms > ${SATURATION.eventLoopP99Ms} ms`);
  if (h.cpuPctOfOneCore > SATURATION.cpuPctOfOneCore) reasons.push(`generator CPU ${h.cpuPctOfOneCore.toFixed(0)}% of a core > ${SATURATION.cpuPctOfOneCore}%`);
  if (achievedRatio !== undefined && achievedRatio < SATURATION.achievedRateRatio)
    reasons.push(`achieved ${(achievedRatio * 100).toFixed(1)}% of the target rate < ${SATURATION.achievedRateRatio * 100}%`);
  return reasons;
}
