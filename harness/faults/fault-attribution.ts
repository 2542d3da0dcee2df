import { FAILURE_CLASSES, type FailureClassCounts } from '../metrics/failure-classes.js';
import { decodeHistogram, mergeInto, newHistogram, summarize } from '../metrics/histogram.js';
import type { IntervalWire } from '../metrics/interval-series.js';
import type { FaultImpact, FaultReport } from './fault-report.js';

/** The per-second series fields attribution reads (IntervalWire, merged across threads). */
export type SeriesSecond = Pick<IntervalWire, 'second' | 'requests' | 'failed' | 'sessionsFailed' | 'latencyHdr' | 'failedByClass' | 'sessionsRecovered'>;

/** Something that happened at a time to a target: a scheduled fault, or a death nobody scheduled. */
export interface TimelineEvent {
  readonly startedAtMs: number;
  /** Where the next event starts or the load ends: seconds after it are not charged to this one. */
  readonly horizonMs: number;
  /** When the target served again, if it did: latency "during" runs at least to the end of that second. */
  readonly servingAtMs?: number | undefined;
}

export const BASELINE_SECONDS = 10;
const CONTEXT_SECONDS = 5;

/**
 * What an event cost the clients, from the per-second series: the pre-fault error rate is the mean of
 * up to BASELINE_SECONDS full seconds before it; the event is charged from its start to the first
 * second after which every second up to the horizon is back at that level (allowing Poisson noise,
 * 3√baseline), less what the baseline rate would have given in that window anyway. Latency p99s come
 * from merged histograms of the windows before, during and after (never from averaged percentiles).
 */
export function attributeEvent(event: TimelineEvent, series: readonly SeriesSecond[]): { impact: FaultImpact; recoveryMs: number | undefined } {
  const bySecond = new Map(series.map((s) => [s.second, s]));
  const startSec = Math.max(0, Math.floor(event.startedAtMs / 1000));
  const lastSec = series.reduce((m, s) => Math.max(m, s.second), -1);
  const horizonSec = Math.max(startSec, Math.min(lastSec + 1, Math.ceil(event.horizonMs / 1000)));
  const at = (sec: number): SeriesSecond | undefined => bySecond.get(sec);
  const range = (from: number, to: number): SeriesSecond[] => {
    const out: SeriesSecond[] = [];
    for (let s = Math.max(0, from); s < to; s++) {
      const p = at(s);
      if (p) out.push(p);
    }
    return out;
  };
  const before = range(startSec - BASELINE_SECONDS, startSec);
  const rate = (f: (s: SeriesSecond) => number): number => (before.length > 0 ? before.reduce((n, s) => n + f(s), 0) / before.length : 0);
  const baseline = rate((s) => s.failed);
  const threshold = baseline + 3 * Math.sqrt(baseline);

  // The trailing run of seconds at the baseline level, counted back from the horizon.
  let cleanFrom = horizonSec;
  while (cleanFrom > startSec && (at(cleanFrom - 1)?.failed ?? 0) <= threshold) cleanFrom--;
  const recovered = cleanFrom < horizonSec || horizonSec === startSec;
  const recoveryMs = recovered ? Math.max(0, cleanFrom * 1000 - event.startedAtMs) : undefined;
  const windowEnd = recovered ? cleanFrom : horizonSec;
  const during = range(startSec, windowEnd);
  const excess = (f: (s: SeriesSecond) => number): number => Math.max(0, Math.round(during.reduce((n, s) => n + f(s), 0) - rate(f) * during.length));

  const failedByClass: FailureClassCounts = {};
  for (const c of FAILURE_CLASSES) {
    const n = excess((s) => s.failedByClass?.[c] ?? 0);
    if (n > 0) failedByClass[c] = n;
  }
  // Requests held by the target (a frozen replica) complete, slow, in the second it serves again.
  const servedSec = event.servingAtMs === undefined ? 0 : Math.min(horizonSec, Math.floor(event.servingAtMs / 1000) + 1);
  const latencyEnd = Math.max(windowEnd, startSec + 1, servedSec);
  const impact: FaultImpact = {
    window: { fromSecond: startSec, toSecond: windowEnd },
    baselineFailedPerSec: Math.round(baseline * 100) / 100,
    failedRequests: excess((s) => s.failed),
    failedByClass,
    sessionsFailed: excess((s) => s.sessionsFailed),
    sessionsRecovered: excess((s) => s.sessionsRecovered ?? 0),
    failedPerSecond: range(startSec - CONTEXT_SECONDS, windowEnd + CONTEXT_SECONDS).map((s) => ({ second: s.second, failed: s.failed, requests: s.requests })),
    p99Us: { before: p99Of(before), during: p99Of(range(startSec, latencyEnd)), after: p99Of(range(latencyEnd, Math.min(latencyEnd + BASELINE_SECONDS, horizonSec))) },
  };
  return { impact, recoveryMs };
}

/** p99 of every successful request in these seconds, all steps merged from their histograms (µs). */
function p99Of(seconds: readonly SeriesSecond[]): number | undefined {
  const acc = newHistogram();
  for (const s of seconds) for (const b64 of Object.values(s.latencyHdr)) if (b64) mergeInto(acc, decodeHistogram(b64, { packed: true }));
  return summarize(acc)?.p99Us;
}

/**
 * Adds impact and recovery time to each report that started; each is charged up to the next report's
 * start (or the end of the load), so a later fault's errors are not the earlier one's.
 */
export function attributeFaults(reports: readonly FaultReport[], series: readonly SeriesSecond[], loadEndMs: number): FaultReport[] {
  const starts = reports.map((r) => r.startedAtMs).filter((t): t is number => t !== undefined);
  return reports.map((r) => {
    if (r.startedAtMs === undefined) return r;
    const start = r.startedAtMs;
    const horizonMs = Math.min(loadEndMs, ...starts.filter((t) => t > start));
    const { impact, recoveryMs } = attributeEvent({ startedAtMs: start, horizonMs, servingAtMs: r.recoveredAtMs }, series);
    return { ...r, recoveryMs, impact };
  });
}

/**
 * A death nobody scheduled (a replica or the balancer that exited on its own), as a report of its
 * own: the same attribution as a planned fault. `target` is a replica id or "balancer".
 */
export function unplannedReport(target: string, atMs: number): FaultReport {
  return { kind: 'unplanned-exit', target, unplanned: true, plannedAtMs: atMs, startedAtMs: atMs, recoveredAtMs: undefined, error: undefined };
}
