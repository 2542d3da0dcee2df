import { decodeHistogram, mergeInto, summarize, type Histogram } from '../metrics/histogram.js';
import type { ThreadHealth } from './thread-health.js';
import type { GeneratorLag } from '../results/result-types.js';

export type { GeneratorLag };

/** Thresholds past which the generator, not the system under test, shapes what was measured. */
export const SATURATION = {
  /** A generator thread's CPU in any second of the measured window, % of one core. */
  threadCpuPctOfOneCore: 90,
  /** A generator thread's event-loop utilisation in any second of the measured window, %. */
  loopBusyPct: 90,
  /** Starts attempted (made or dropped) per second ÷ the scheduled rate. */
  attemptedRateRatio: 0.95,
  /** Generator lag p99 as a share of the reported p50 latency... */
  lagShareOfP50: 0.1,
  /**
   * ...but never below this. Node's timers count whole milliseconds and become a kernel timeout from
   * when the loop next waits: an idle loop wakes up to 1 ms after a due time, one that finished other
   * work first up to about 2. That much at p99 is the timers' resolution, shown but not flagged.
   */
  lagFloorMs: 2,
} as const;


export interface GeneratorVerdictInput {
  readonly threads: readonly ThreadHealth[];
  /** Each generator thread's lag over the measured window (compressed base64 HDR). */
  readonly windowLagHdrs: readonly string[];
  readonly warmupMs: number;
  readonly durationMs: number;
  /** The p50 latency the cell reports (its call step's corrected p50, µs): the lag is judged against it. */
  readonly reportedP50Us: number | undefined;
  /** Attempted ÷ scheduled rate (open model), undefined for the closed model. */
  readonly attemptedRatio: number | undefined;
  /** Measured starts dropped because maxInFlight starts were running. */
  readonly dropped: number;
  /** unit requests: starts that waited for a free client session. */
  readonly queuedForClient: { readonly count: number; readonly maxWaitMs: number };
}

export interface GeneratorVerdict {
  /** The generator limited or distorted the figures (`generator_saturated`). */
  readonly saturated: boolean;
  readonly reasons: readonly string[];
  /** How late the generator's own starts and timers ran in the measured window. */
  readonly lag: GeneratorLag | undefined;
  /** The schedule offered load the system did not take (dropped or queued starts): not the generator's fault, but not the load asked for. */
  readonly loadNotDelivered: boolean;
  readonly loadNotDeliveredReasons: readonly string[];
}

/** Intervals that overlap the measured window [warmupMs, warmupMs + durationMs). */
function inWindow(second: number, durationMs: number, warmupMs: number, windowMs: number): boolean {
  const startMs = second * 1000;
  return startMs < warmupMs + windowMs && startMs + durationMs > warmupMs;
}

const fmt = (ms: number): string => (ms >= 10 ? ms.toFixed(0) : ms.toFixed(2));

/**
 * Judges a cell's generator over its measured window, second by second: a thread that used most of
 * a core or kept its loop busy in any second, a schedule not kept, or a lag that is a material share
 * of the latency the cell reports. Offered load that was not delivered is a separate flag.
 */
export function judgeGenerator(input: GeneratorVerdictInput): GeneratorVerdict {
  const { warmupMs, durationMs } = input;
  const reasons: string[] = [];
  input.threads.forEach((t, i) => {
    const who = input.threads.length > 1 ? `generator thread ${i}` : 'generator';
    const seconds = t.seconds.filter((s) => inWindow(s.second, s.durationMs, warmupMs, durationMs));
    const hot = seconds.reduce<(typeof seconds)[number] | undefined>((m, s) => (s.cpuPct !== undefined && s.cpuPct > (m?.cpuPct ?? -1) ? s : m), undefined);
    if (hot?.cpuPct !== undefined && hot.cpuPct > SATURATION.threadCpuPctOfOneCore) reasons.push(`${who} used ${hot.cpuPct.toFixed(0)}% of a core in second ${hot.second} > ${SATURATION.threadCpuPctOfOneCore}%`);
    const busy = seconds.reduce<(typeof seconds)[number] | undefined>((m, s) => (s.busyPct > (m?.busyPct ?? -1) ? s : m), undefined);
    if (busy && busy.busyPct > SATURATION.loopBusyPct) reasons.push(`${who} event loop busy ${busy.busyPct.toFixed(0)}% of second ${busy.second} > ${SATURATION.loopBusyPct}%`);
  });
  if (input.attemptedRatio !== undefined && input.attemptedRatio < SATURATION.attemptedRateRatio)
    reasons.push(`kept ${(input.attemptedRatio * 100).toFixed(1)}% of the scheduled rate < ${SATURATION.attemptedRateRatio * 100}%`);

  // One histogram per thread, kept over the window as it ran: no per-second histograms to decode.
  let merged: Histogram | undefined;
  for (const b64 of input.windowLagHdrs) {
    const h = decodeHistogram(b64);
    if (merged) mergeInto(merged, h);
    else merged = h;
  }
  const s = merged && summarize(merged);
  let lag: GeneratorLag | undefined;
  if (s) {
    const p99Ms = s.p99Us / 1000;
    const reported = input.reportedP50Us;
    lag = { p50Ms: s.p50Us / 1000, p99Ms, maxMs: s.maxUs / 1000, p99ShareOfReportedP50Pct: reported ? (s.p99Us / reported) * 100 : undefined };
    const limitMs = Math.max(SATURATION.lagFloorMs, reported === undefined ? 0 : (SATURATION.lagShareOfP50 * reported) / 1000);
    if (p99Ms > limitMs) {
      const share = lag.p99ShareOfReportedP50Pct === undefined ? '' : ` (${lag.p99ShareOfReportedP50Pct.toFixed(0)}% of the reported p50 ${fmt((reported as number) / 1000)} ms)`;
      reasons.push(`generator lag p99 ${fmt(p99Ms)} ms${share} > ${fmt(limitMs)} ms`);
    }
  }

  const notDelivered: string[] = [];
  if (input.dropped > 0) notDelivered.push(`${input.dropped} measured starts dropped (maxInFlight starts still running)`);
  if (input.queuedForClient.count > 0) notDelivered.push(`${input.queuedForClient.count} starts waited for a free client (max ${input.queuedForClient.maxWaitMs.toFixed(1)} ms)`);
  return { saturated: reasons.length > 0, reasons, lag, loadNotDelivered: notDelivered.length > 0, loadNotDeliveredReasons: notDelivered };
}
