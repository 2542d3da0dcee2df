import { decodeHistogram, encodeHistogram, mergeInto, summarize, type Histogram } from './histogram.js';
import { addFailureClasses, type FailureClassCounts } from './failure-classes.js';
import type { RequestStep } from './steps.js';

/**
 * One interval of a cell (a second; the last one is shorter), as one recorder saw it (HdrHistogram's
 * Recorder pattern: the interval histogram is handed over and reset). Samples count in the interval
 * they completed in.
 */
export interface IntervalWire {
  /** Starts `second` s after the cell's load started. */
  readonly second: number;
  /** Its length: 1000 but for the last interval, which ends when the load did. */
  readonly durationMs: number;
  readonly requests: number;
  readonly failed: number;
  readonly http404: number;
  readonly sessionsStarted: number;
  readonly sessionsFailed: number;
  /** Starts the schedule offered in this interval and never made (maxInFlight reached). */
  readonly dropped: number;
  /** Corrected latency of successful requests completed in this interval, per step, compressed base64. */
  readonly latencyHdr: Readonly<Partial<Record<RequestStep, string>>>;
  /** The generator's own lag in this interval (how late its starts and timers ran, µs); absent when nothing waited. */
  readonly lagHdr?: string;
  /** Failed requests by class (404, reset, timeout, 5xx, other); absent when none failed. */
  readonly failedByClass?: FailureClassCounts;
  /** Sessions that finished after re-initializing (a lost session the client recovered); absent when none. */
  readonly sessionsRecovered?: number;
}

type LatencyPoint = { count: number; p50Us: number; p99Us: number; maxUs: number };

export interface IntervalPoint {
  readonly second: number;
  readonly durationMs: number;
  readonly phase: 'warm-up' | 'measured' | 'drain';
  readonly requests: number;
  readonly failed: number;
  readonly http404: number;
  readonly sessionsStarted: number;
  readonly sessionsFailed: number;
  readonly dropped: number;
  /** Per step: count, p50, p99 and max of the corrected latency (µs); full histograms go to the .hlog. */
  readonly latency: Readonly<Partial<Record<RequestStep, LatencyPoint>>>;
  /** The generator's lag in this interval (µs). */
  readonly generatorLag?: LatencyPoint;
  readonly failedByClass?: FailureClassCounts;
  readonly sessionsRecovered?: number;
}

function mergeHdrs(parts: readonly (string | undefined)[]): string | undefined {
  let acc: Histogram | undefined;
  for (const b64 of parts) {
    if (b64 === undefined) continue;
    const h = decodeHistogram(b64);
    if (acc) mergeInto(acc, h);
    else acc = h;
  }
  return acc && encodeHistogram(acc);
}

/**
 * Merges per-second intervals from several recorders (workers) into one series, ordered by second.
 * One second at a time, so memory does not grow with the run's length.
 */
export function mergeIntervals(parts: readonly (readonly IntervalWire[])[]): IntervalWire[] {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length <= 1) return [...(nonEmpty[0] ?? [])];
  const bySecond = new Map<number, IntervalWire[]>();
  for (const series of nonEmpty) for (const w of series) bySecond.set(w.second, [...(bySecond.get(w.second) ?? []), w]);
  return [...bySecond.keys()]
    .sort((a, b) => a - b)
    .map((second) => {
      const ws = bySecond.get(second) as IntervalWire[];
      const latencyHdr: Partial<Record<RequestStep, string>> = {};
      const steps = new Set(ws.flatMap((w) => Object.keys(w.latencyHdr) as RequestStep[]));
      for (const step of steps) latencyHdr[step] = mergeHdrs(ws.map((w) => w.latencyHdr[step])) as string;
      const lagHdr = mergeHdrs(ws.map((w) => w.lagHdr));
      const sum = (f: (w: IntervalWire) => number): number => ws.reduce((n, w) => n + f(w), 0);
      return {
        second,
        durationMs: Math.max(...ws.map((w) => w.durationMs)),
        requests: sum((w) => w.requests),
        failed: sum((w) => w.failed),
        http404: sum((w) => w.http404),
        sessionsStarted: sum((w) => w.sessionsStarted),
        sessionsFailed: sum((w) => w.sessionsFailed),
        dropped: sum((w) => w.dropped),
        latencyHdr,
        ...(lagHdr === undefined ? {} : { lagHdr }),
        ...classExtras(ws),
      };
    });
}

function point(b64: string): LatencyPoint | undefined {
  const s = summarize(decodeHistogram(b64));
  return s && { count: s.count, p50Us: s.p50Us, p99Us: s.p99Us, maxUs: s.maxUs };
}

export function toPoints(series: readonly IntervalWire[], warmupMs: number, loadMs: number): IntervalPoint[] {
  return series.map((w) => {
    const latency: Partial<Record<RequestStep, LatencyPoint>> = {};
    for (const [step, b64] of Object.entries(w.latencyHdr) as Array<[RequestStep, string]>) {
      const p = point(b64);
      if (p) latency[step] = p;
    }
    const startMs = w.second * 1000;
    const phase = startMs < warmupMs ? 'warm-up' : startMs < loadMs ? 'measured' : 'drain';
    const lag = w.lagHdr === undefined ? undefined : point(w.lagHdr);
    return {
      second: w.second,
      durationMs: w.durationMs,
      phase,
      requests: w.requests,
      failed: w.failed,
      http404: w.http404,
      sessionsStarted: w.sessionsStarted,
      sessionsFailed: w.sessionsFailed,
      dropped: w.dropped,
      latency,
      ...(lag ? { generatorLag: lag } : {}),
      ...classExtras([w]),
    };
  });
}

/** The optional per-second failure classes and recovered sessions, summed; nothing when there are none. */
function classExtras(ws: readonly Pick<IntervalWire, 'failedByClass' | 'sessionsRecovered'>[]): Pick<IntervalWire, 'failedByClass' | 'sessionsRecovered'> {
  const failedByClass = ws.reduce<FailureClassCounts | undefined>((acc, w) => addFailureClasses(acc, w.failedByClass), undefined);
  const sessionsRecovered = ws.reduce((n, w) => n + (w.sessionsRecovered ?? 0), 0);
  return { ...(failedByClass ? { failedByClass } : {}), ...(sessionsRecovered > 0 ? { sessionsRecovered } : {}) };
}
