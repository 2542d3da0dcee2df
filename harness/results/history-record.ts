import type { FigureDirection, FigureName, FigureUnit } from '../config/figure-catalog.js';
import { figureValues, type FigureCell } from './cell-figures.js';
import type { CellStatus, RunResult } from './result-types.js';
import { runIdentity, type RunIdentity } from './run-identity.js';

/**
 * The run history (`run --history <file.jsonl>`): one JSON line per run, appended, so a CI job can
 * cache or commit it and `history` can find trends and change points without a server.
 */

/** Bumped when a field changes meaning; readers skip lines of versions they do not know. */
export const HISTORY_LINE_VERSION = 1;

export interface HistoryCell {
  readonly id: string;
  readonly status: CellStatus;
  /** Every figure the cell measured (results/cell-figures.ts), in the catalog's units. */
  readonly figures: Readonly<Partial<Record<FigureName, number>>>;
  /** Corrected latency of every step and session timing (`timing:<name>`), HDR compressed base64: any percentile can be recomputed. */
  readonly hdr: Readonly<Record<string, string>>;
}

export interface HistoryLine {
  readonly kind: 'mcp-lb-bench-history';
  readonly version: number;
  /** When the run finished (ISO 8601). */
  readonly time: string;
  readonly harnessVersion: string;
  readonly run: RunIdentity;
  readonly cells: readonly HistoryCell[];
}

export function historyLine(result: RunResult, now: () => Date = () => new Date()): HistoryLine {
  return {
    kind: 'mcp-lb-bench-history',
    version: HISTORY_LINE_VERSION,
    time: result.finishedAt ?? now().toISOString(),
    harnessVersion: result.tool.version,
    run: runIdentity(result),
    cells: result.cells.map((c) => {
      const hdr: Record<string, string> = {};
      for (const [step, report] of Object.entries(c.metrics?.steps ?? {})) if (report && report.total > 0) hdr[step] = report.correctedHdr;
      for (const [timing, t] of Object.entries(c.metrics?.timings ?? {})) if (t?.summary) hdr[`timing:${timing}`] = t.hdr;
      return { id: c.id, status: c.status, figures: figureValues(c as FigureCell), hdr };
    }),
  };
}

/** One figure of one cell over the runs of one series (same scenario hash and environment). */
export interface FigureTrend {
  readonly cellId: string;
  readonly figure: FigureName;
  readonly label: string;
  readonly unit: FigureUnit;
  readonly direction: FigureDirection;
  /** Index into the series' runs of each value (runs that did not measure the figure are skipped). */
  readonly runIndex: readonly number[];
  readonly values: readonly number[];
  /** Change points found by e-divisive means; `changePointsSkipped` says why none were looked for. */
  readonly changePoints: readonly { readonly runIndex: number; readonly pValue: number; readonly meanBefore: number; readonly meanAfter: number; readonly relativeChange: number; readonly worse: boolean }[];
  readonly changePointsSkipped: string | undefined;
  /** The newest value against the trailing window of runs before it. */
  readonly newest: { readonly status: 'ok' | 'outlier' | 'insufficient'; readonly worse: boolean | undefined; readonly relativeChange: number; readonly z: number; readonly reason: string };
}

/** Runs of one scenario hash on one environment fingerprint: the only runs mixed into one series. */
export interface HistorySeries {
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly fingerprintHash: string;
  readonly runs: readonly (RunIdentity & { readonly time: string })[];
  readonly trends: readonly FigureTrend[];
}

export interface HistoryAnalysis {
  readonly file: string;
  /** Series, the one holding the newest run first. */
  readonly series: readonly HistorySeries[];
  /** Lines that could not be read (line number and why); they are left out. */
  readonly skippedLines: readonly string[];
}
