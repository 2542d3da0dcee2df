import type { CellResult } from '../results/result-types.js';

/** A named figure of one cell; undefined when the run did not measure it (drawn as no bar, printed as "—"). */
export interface NamedFigure {
  readonly name: string;
  readonly value: number | undefined;
}

/** The input of every per-cell bar chart: a list of named figures per cell, so units can be switched by the caller. */
export interface CellFigures {
  readonly cellIndex: number;
  readonly cellId: string;
  readonly figures: readonly NamedFigure[];
}

/** Replica CPU in the measured window over the requests the replicas served in it (the console table's "µs/req"). */
export function serverCpuUsPerRequest(c: CellResult): number | undefined {
  return c.cost?.replicas.usPerRequest;
}

export function sessionOutcomeFigures(cells: readonly CellResult[]): CellFigures[] {
  return cells.map((c, cellIndex) => {
    const s = c.metrics?.sessions;
    return { cellIndex, cellId: c.id, figures: [{ name: 'ok', value: s?.ok }, { name: 'recovered', value: s?.recovered }, { name: 'failed', value: s?.failed }] };
  });
}

/** 404 answers as a share of the requests that carried a session (every request after initialize). */
export function http404ShareFigures(cells: readonly CellResult[]): CellFigures[] {
  return cells.map((c, cellIndex) => {
    const h = c.metrics?.http404;
    const value = h && h.postInitializeRequests > 0 ? (h.count / h.postInitializeRequests) * 100 : undefined;
    return { cellIndex, cellId: c.id, figures: [{ name: 'HTTP 404 share (%)', value }] };
  });
}

/** Each replica's share of the requests it counted itself (the console table's "replica share %"). */
export function replicaShareFigures(cells: readonly CellResult[]): CellFigures[] {
  const ids = [...new Set(cells.flatMap((c) => (c.replicaReports ?? []).map((r) => r.id)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return cells.map((c, cellIndex) => ({
    cellIndex,
    cellId: c.id,
    figures: ids.map((id) => ({ name: id, value: c.replicaReports?.find((r) => r.id === id)?.sharePct })),
  }));
}

/**
 * CPU per logical session, the unit that compares the models like with like (they differ in requests
 * per session); per call and per request are in the tables.
 */
export function cpuPerSessionFigures(cells: readonly CellResult[]): CellFigures[] {
  return cells.map((c, cellIndex) => ({
    cellIndex,
    cellId: c.id,
    figures: [
      { name: 'server CPU (µs / session)', value: c.cost?.replicas.usPerSession },
      { name: 'balancer CPU (µs / session)', value: c.cost?.balancer.usPerSession },
    ],
  }));
}
