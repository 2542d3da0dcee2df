import type { CellEvent } from './result-types.js';

/** One line for the table's footnotes and the report: who died, when and how (its losses are in the fault footnote that follows). */
export function describeCellEvent(cellId: string, e: CellEvent): string {
  const who = e.target === 'replica' ? `replica ${e.replicaId}` : 'the balancer';
  return `${cellId}: ${who} died at ${(e.atMs / 1000).toFixed(1)} s (${e.detail}; no fault was scheduled)`;
}
