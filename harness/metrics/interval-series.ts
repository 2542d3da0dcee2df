import { decodeHistogram, encodeHistogram, mergeInto, summarize, type Histogram } from './histogram.js';
import { addFailureClasses, type FailureClassCounts } from './failure-classes.js';
import type { RequestStep } from './steps.js';

/**
 * One second of a cell, as one recorder saw it (HdrHistogram's Recorder pattern: the interval
 * histogram is handed over and reset each second). Samples count in the second they completed.
 */
export interface IntervalWire {
  /** Covers [second, second + 1) s since the cell's load started. */
  readonly second: number;
  readonly requests: number;
  readonly failed: number;
  readonly http404: number;
  readonly sessionsStarted: number;
  readonly sessionsFailed: number;
  /** Corrected latency of successful requests completed in this second, per step, compressed base64. */
  readonly latencyHdr: Readonly<Partial<Record<RequestStep, string>>>;
  /** Failed requests by class (404, reset, timeout, 5xx, other); absent when none failed. */
  readonly failedByClass?: FailureClassCounts;
  /** Sessions that finished after re-initializing (a lost session the client recovered); absent when none. */
  readonly sessionsRecovered?: number;
}

export interface IntervalPoint {
  readonly second: number;
  readonly phase: 'warm-up' | 'measured' | 'drain';
  readonly requests: number;
  readonly failed: number;
  readonly http404: number;
  readonly sessionsStarted: number;
  readonly sessionsFailed: number;
  /** Per step: count, p50, p99 and max of the corrected latency (µs); full histograms go to the .hlog. */
  readonly latency: Readonly<Partial<Record<RequestStep, { count: number; p50Us: number; p99Us: number; maxUs: number }>>>;
  readonly failedByClass?: FailureClassCounts;
  readonly sessionsRecovered?: number;
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
      const hist = new Map<RequestStep, Histogram>();
      for (const w of ws) {
        for (const [step, b64] of Object.entries(w.latencyHdr) as Array<[RequestStep, string]>) {
          const h = decodeHistogram(b64, { packed: true });
          const prev = hist.get(step);
          if (prev) mergeInto(prev, h);
          else hist.set(step, h);
        }
      }
      const latencyHdr: Partial<Record<RequestStep, string>> = {};
      for (const [step, h] of hist) latencyHdr[step] = encodeHistogram(h);
      const sum = (f: (w: IntervalWire) => number): number => ws.reduce((n, w) => n + f(w), 0);
      return {
        second,
        requests: sum((w) => w.requests),
        failed: sum((w) => w.failed),
        http404: sum((w) => w.http404),
        sessionsStarted: sum((w) => w.sessionsStarted),
        sessionsFailed: sum((w) => w.sessionsFailed),
        latencyHdr,
        ...classExtras(ws),
      };
    });
}

export function toPoints(series: readonly IntervalWire[], warmupMs: number, loadMs: number): IntervalPoint[] {
  return series.map((w) => {
    const latency: Partial<Record<RequestStep, { count: number; p50Us: number; p99Us: number; maxUs: number }>> = {};
    for (const [step, b64] of Object.entries(w.latencyHdr) as Array<[RequestStep, string]>) {
      const s = summarize(decodeHistogram(b64, { packed: true }));
      if (s) latency[step] = { count: s.count, p50Us: s.p50Us, p99Us: s.p99Us, maxUs: s.maxUs };
    }
    const startMs = w.second * 1000;
    const phase = startMs < warmupMs ? 'warm-up' : startMs < loadMs ? 'measured' : 'drain';
    return { second: w.second, phase, requests: w.requests, failed: w.failed, http404: w.http404, sessionsStarted: w.sessionsStarted, sessionsFailed: w.sessionsFailed, latency, ...classExtras([w]) };
  });
}

/** The optional per-second failure classes and recovered sessions, summed; nothing when there are none. */
function classExtras(ws: readonly Pick<IntervalWire, 'failedByClass' | 'sessionsRecovered'>[]): Pick<IntervalWire, 'failedByClass' | 'sessionsRecovered'> {
  const failedByClass = ws.reduce<FailureClassCounts | undefined>((acc, w) => addFailureClasses(acc, w.failedByClass), undefined);
  const sessionsRecovered = ws.reduce((n, w) => n + (w.sessionsRecovered ?? 0), 0);
  return { ...(failedByClass ? { failedByClass } : {}), ...(sessionsRecovered > 0 ? { sessionsRecovered } : {}) };
}
