import { matchesCell, type MatrixCell } from '../config/matrix-dimensions.js';
import type { ThresholdSpec } from '../config/thresholds-schema.js';
import { cellFigure, formatFigure, type FigureCell } from '../results/cell-figures.js';

/**
 * - `pass` / `fail`: the observed value against the limit;
 * - `no-data`: the cell did not measure the figure (no successful call, a cell that did not run):
 *   a threshold that could not be checked is not a pass, so it fails the run too;
 * - `not-applicable`: the figure comes from another command (capacity from `size`).
 */
export type ThresholdVerdict = 'pass' | 'fail' | 'no-data' | 'not-applicable';

export interface ThresholdOutcome {
  readonly threshold: ThresholdSpec;
  readonly cellId: string;
  /** In the figure's unit; undefined when not measured. */
  readonly observed: number | undefined;
  readonly verdict: ThresholdVerdict;
  /** One line with both numbers, e.g. "call p99 = 61.2 ms, limit < 50 ms". */
  readonly message: string;
}

const HOLDS: Record<ThresholdSpec['operator'], (value: number, limit: number) => boolean> = {
  '<': (v, l) => v < l,
  '<=': (v, l) => v <= l,
  '>': (v, l) => v > l,
  '>=': (v, l) => v >= l,
};

export function inScope(threshold: ThresholdSpec, cell: FigureCell): boolean {
  const scope = threshold.cells;
  if (scope === undefined) return true;
  if ('ids' in scope) return scope.ids.includes(cell.id);
  return matchesCell(scope.match, cell as unknown as MatrixCell);
}

/**
 * Every threshold against every cell in its scope, in threshold order, then cell order.
 * `producer` is the command whose result is judged: in a run's result, thresholds on figures only
 * `size` measures (capacity) are listed as not applicable rather than failed.
 */
export function evaluateThresholds(thresholds: readonly ThresholdSpec[], cells: readonly FigureCell[], producer: 'run' | 'size' = 'run'): ThresholdOutcome[] {
  const out: ThresholdOutcome[] = [];
  for (const threshold of thresholds) {
    const figure = cellFigure(threshold.figure);
    const limitText = `${threshold.operator} ${formatFigure(figure, threshold.limit)}`;
    for (const cell of cells.filter((c) => inScope(threshold, c))) {
      if (figure.producedBy === 'size' && producer !== 'size') {
        out.push({ threshold, cellId: cell.id, observed: undefined, verdict: 'not-applicable', message: `${figure.label} is measured by mcp-lb-bench ${figure.producedBy}` });
        continue;
      }
      const observed = figure.value(cell);
      if (observed === undefined) {
        const why = cell.status === 'completed' ? 'the cell did not measure it' : `the cell ${cell.status === 'not-run' ? 'did not run' : cell.status}`;
        out.push({ threshold, cellId: cell.id, observed, verdict: 'no-data', message: `${figure.label}: no value (${why}), limit ${limitText}` });
        continue;
      }
      const pass = HOLDS[threshold.operator](observed, threshold.limit);
      out.push({ threshold, cellId: cell.id, observed, verdict: pass ? 'pass' : 'fail', message: `${figure.label} = ${formatFigure(figure, observed)}, limit ${limitText}` });
    }
  }
  return out;
}

/** Whether the outcomes fail the run (exit 4): any failed threshold, or one that could not be checked. */
export function thresholdsFailed(outcomes: readonly ThresholdOutcome[]): boolean {
  return outcomes.some((o) => o.verdict === 'fail' || o.verdict === 'no-data');
}
