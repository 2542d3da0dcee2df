import type { IntervalPoint } from '../metrics/interval-series.js';
import type { TopologyEvent } from '../platform/platform.js';
import type { CellEvent } from '../results/result-types.js';

/**
 * Places the topology's unplanned deaths on the cell's load timeline and counts what failed after
 * each one: failed requests and sessions from the second it happened to the end of the load, beside
 * the failure rate before it (so a reader can tell the death's share from the background).
 */
export function cellEvents(events: readonly TopologyEvent[], loadStartEpochMs: number, series: readonly IntervalPoint[]): CellEvent[] {
  return events.map((e) => {
    const atMs = e.atEpochMs - loadStartEpochMs;
    const second = Math.floor(atMs / 1000);
    const before = series.filter((p) => p.second < second);
    const after = series.filter((p) => p.second >= second);
    const sum = (ps: readonly IntervalPoint[], f: (p: IntervalPoint) => number): number => ps.reduce((n, p) => n + f(p), 0);
    return {
      target: e.target,
      ...(e.replicaId ? { replicaId: e.replicaId } : {}),
      detail: e.detail,
      atMs,
      failedRequestsAfter: sum(after, (p) => p.failed),
      failedSessionsAfter: sum(after, (p) => p.sessionsFailed),
      failedRequestsPerSecBefore: before.length > 0 ? sum(before, (p) => p.failed) / before.length : 0,
    };
  });
}
