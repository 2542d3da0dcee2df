import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ThreadHealth } from '../results/result-types.js';

export type { ThreadHealth };

/**
 * Node's histogram records the whole interval between its timer's runs, resolution included (measured
 * here: resolution 5 ms on an idle loop gives p50 5.43 ms), so the delay is the value minus it.
 */
const ELD_RESOLUTION_MS = 10;
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of the calling thread only (Linux /proc/thread-self), in µs; undefined elsewhere. */
export function threadCpuMicros(): number | undefined {
  try {
    const text = readFileSync('/proc/thread-self/stat', 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}


/** Watches one generator thread: its own CPU and its event loop's delay. */
export class ThreadMonitor {
  private readonly eld: IntervalHistogram;
  private readonly cpuStart = threadCpuMicros();
  private readonly wallStart = performance.now();

  constructor() {
    this.eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
    this.eld.enable();
  }

  stop(): ThreadHealth {
    this.eld.disable();
    const wallMs = performance.now() - this.wallStart;
    const end = threadCpuMicros();
    const cpu = end !== undefined && this.cpuStart !== undefined ? end - this.cpuStart : undefined;
    const ms = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - ELD_RESOLUTION_MS) * 100) / 100);
    return {
      threadCpuUs: cpu,
      wallMs,
      threadCpuPctOfOneCore: cpu !== undefined && wallMs > 0 ? (cpu / 1000 / wallMs) * 100 : undefined,
      eventLoopDelay: { p50Ms: ms(this.eld.percentile(50)), p99Ms: ms(this.eld.percentile(99)), maxMs: ms(this.eld.max) },
    };
  }
}
