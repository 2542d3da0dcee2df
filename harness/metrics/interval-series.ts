import { decodeHistogram, encodeHistogram, mergeInto, summarize, type Histogram } from './histogram.js';
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
}

/** Merges per-second intervals from several recorders (workers) into one series, ordered by second. */
export function mergeIntervals(parts: readonly (readonly IntervalWire[])[]): IntervalWire[] {
  const bySecond = new Map<number, { wire: Omit<IntervalWire, 'latencyHdr'>; hist: Map<RequestStep, Histogram> }>();
  for (const series of parts) {
    for (const w of series) {
      let e = bySecond.get(w.second);
      if (!e) bySecond.set(w.second, (e = { wire: { second: w.second, requests: 0, failed: 0, http404: 0, sessionsStarted: 0, sessionsFailed: 0 }, hist: new Map() }));
      e.wire = {
        second: w.second,
        requests: e.wire.requests + w.requests,
        failed: e.wire.failed + w.failed,
        http404: e.wire.http404 + w.http404,
        sessionsStarted: e.wire.sessionsStarted + w.sessionsStarted,
        sessionsFailed: e.wire.sessionsFailed + w.sessionsFailed,
      };
      for (const [step, b64] of Object.entries(w.latencyHdr) as Array<[RequestStep, string]>) {
        const h = decodeHistogram(b64);
        const prev = e.hist.get(step);
        if (prev) mergeInto(prev, h);
        else e.hist.set(step, h);
      }
    }
  }
  return [...bySecond.values()]
    .sort((a, b) => a.wire.second - b.wire.second)
    .map(({ wire, hist }) => {
      const latencyHdr: Partial<Record<RequestStep, string>> = {};
      for (const [step, h] of hist) latencyHdr[step] = encodeHistogram(h);
      return { ...wire, latencyHdr };
    });
}

export function toPoints(series: readonly IntervalWire[], warmupMs: number, loadMs: number): IntervalPoint[] {
  return series.map((w) => {
    const latency: Partial<Record<RequestStep, { count: number; p50Us: number; p99Us: number; maxUs: number }>> = {};
    for (const [step, b64] of Object.entries(w.latencyHdr) as Array<[RequestStep, string]>) {
      const s = summarize(decodeHistogram(b64));
      if (s) latency[step] = { count: s.count, p50Us: s.p50Us, p99Us: s.p99Us, maxUs: s.maxUs };
    }
    const startMs = w.second * 1000;
    const phase = startMs < warmupMs ? 'warm-up' : startMs < loadMs ? 'measured' : 'drain';
    return { second: w.second, phase, requests: w.requests, failed: w.failed, http404: w.http404, sessionsStarted: w.sessionsStarted, sessionsFailed: w.sessionsFailed, latency };
  });
}
