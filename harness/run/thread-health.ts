import { readFileSync } from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { summarize, type Histogram } from '../metrics/histogram.js';
import type { ThreadHealth, ThreadSecond } from '../results/result-types.js';

export type { ThreadHealth, ThreadSecond };

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time of the calling thread only, in µs: /proc/thread-self/schedstat (the scheduler's own
 * nanoseconds), else /proc/thread-self/stat (10 ms ticks); undefined off Linux.
 */
export function threadCpuMicros(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1000;
  } catch {
    try {
      const text = readFileSync('/proc/thread-self/stat', 'utf8');
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return ((Number(rest[11]) + Number(rest[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return undefined;
    }
  }
}



/**
 * Watches one generator thread: its own CPU and event-loop utilisation per interval. No timer of its
 * own (an idle generator must not be woken to watch itself): the interval roll calls sample().
 */
export class ThreadMonitor {
  private readonly cpuStart = threadCpuMicros();
  private readonly wallStart = performance.now();
  private lastCpu = this.cpuStart;
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly seconds: ThreadSecond[] = [];

  /** Closes interval `second` (of `durationMs`). */
  sample(second: number, durationMs: number): void {
    const cpu = threadCpuMicros();
    const elu = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(elu, this.lastElu);
    const cpuPct = cpu !== undefined && this.lastCpu !== undefined && durationMs > 0 ? ((cpu - this.lastCpu) / 1000 / durationMs) * 100 : undefined;
    this.seconds.push({ second, durationMs, cpuPct: cpuPct === undefined ? undefined : round1(cpuPct), busyPct: round1(busy.utilization * 100) });
    this.lastCpu = cpu;
    this.lastElu = elu;
  }

  stop(lag: Histogram): ThreadHealth {
    const wallMs = performance.now() - this.wallStart;
    const end = threadCpuMicros();
    const cpu = end !== undefined && this.cpuStart !== undefined ? end - this.cpuStart : undefined;
    const s = summarize(lag);
    const ms = (us: number | undefined): number => Math.round((us ?? 0) / 10) / 100;
    return {
      threadCpuUs: cpu,
      wallMs,
      threadCpuPctOfOneCore: cpu !== undefined && wallMs > 0 ? (cpu / 1000 / wallMs) * 100 : undefined,
      eventLoopDelay: { p50Ms: ms(s?.p50Us), p99Ms: ms(s?.p99Us), maxMs: ms(s?.maxUs) },
      seconds: this.seconds,
    };
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
