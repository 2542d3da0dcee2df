import type { FigureDirection, FigureName, FigureUnit } from '../config/figure-catalog.js';
import type { RunIdentity } from './run-identity.js';

/**
 * What `compare` finds between a baseline and a candidate result: per matching cell and figure both
 * values, the change, and a verdict from the statistics core. Reports and CI outputs read this.
 */

/** The statistics core's verdicts, plus `not-measured`: the figure exists in one run only. */
export type FigureVerdict = 'improved' | 'regressed' | 'unchanged' | 'too-noisy' | 'not-measured';
export const FIGURE_VERDICTS: readonly FigureVerdict[] = ['regressed', 'improved', 'unchanged', 'too-noisy', 'not-measured'];

/**
 * What the verdict was tested on:
 * - `repetitions`: one value per repetition of the cell;
 * - `per-second`: the figure's per-second values over the measured window (autocorrelation-aware);
 * - `histogram`: every request, from the merged HDR histogram (never enough alone to call a change);
 * - `counts`: events out of trials (two-proportion test);
 * - `single`: one value per run, nothing to test on.
 */
export type ComparisonBasis = 'repetitions' | 'per-second' | 'histogram' | 'counts' | 'single';

export interface FigureComparison {
  readonly figure: FigureName;
  readonly label: string;
  readonly unit: FigureUnit;
  readonly direction: FigureDirection;
  /** The figure's values as the runs report them (whole-run p99, rate, CPU per call, ...). */
  readonly baseline: number | undefined;
  readonly candidate: number | undefined;
  /** candidate / baseline − 1 of those values; undefined when one is missing or the baseline is 0. */
  readonly change: number | undefined;
  readonly basis: ComparisonBasis;
  /** Values tested on each side (repetitions, seconds, requests, trials). */
  readonly samples: readonly [number, number] | undefined;
  /** The tested relative change with its interval (e.g. of the median per-second p99); absent for `single` and `not-measured`. */
  readonly interval: { readonly point: number; readonly low: number; readonly high: number; readonly confidence: number } | undefined;
  readonly pValue: number | undefined;
  readonly verdict: FigureVerdict;
  /** One sentence with the numbers. */
  readonly reason: string;
}

export interface CellComparison {
  readonly cellId: string;
  readonly figures: readonly FigureComparison[];
}

export interface ComparisonSettings {
  /** Smallest relative change called a change (0.05 = 5 %). */
  readonly minEffect: number;
  readonly alpha: number;
  readonly confidence: number;
  readonly seed: number;
}

export interface RunComparison {
  readonly baseline: RunIdentity;
  readonly candidate: RunIdentity;
  /** Machine or software differences (empty when comparable); said first, because they explain any change. */
  readonly fingerprintDifferences: readonly string[];
  /** Where the scenarios' measured parts differ (empty when the same experiment). */
  readonly scenarioDifferences: readonly string[];
  readonly settings: ComparisonSettings;
  readonly cells: readonly CellComparison[];
  readonly onlyInBaseline: readonly string[];
  readonly onlyInCandidate: readonly string[];
}
