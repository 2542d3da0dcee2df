import { decodeHistogram, type Histogram } from '../metrics/histogram.js';
import type { RequestStep } from '../metrics/steps.js';
import type { CellResult } from '../results/result-types.js';
import { keyStepOf } from '../output/state-table.js';

/** One point of HdrHistogram's percentile plot: x = 1/(1−p), so 10 is p90, 100 is p99, 1000 is p99.9. */
export interface PercentilePoint {
  readonly inverseTail: number;
  readonly percentile: number;
  readonly valueUs: number;
}

export interface PercentileCurve {
  readonly cellIndex: number;
  readonly cellId: string;
  readonly step: RequestStep;
  readonly kind: 'corrected' | 'uncorrected';
  readonly count: number;
  readonly points: readonly PercentilePoint[];
}

// Ten points per decade of 1/(1−p) (Renard's R10 series): smooth curves, few bytes.
const LADDER = [1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8] as const;

/** 100·(1 − 1/x), rounded so that x = 100 asks for exactly p99 (not 98.99999999999999). */
export function percentileOf(inverseTail: number): number {
  return Number((100 - 100 / inverseTail).toFixed(9));
}

/**
 * The percentile spectrum of a histogram, read with getValueAtPercentile. The last point is the
 * maximum, drawn at 1/(1−p) = N for N samples (the share of samples strictly below it), as
 * HdrHistogram's plots end at the last recorded value.
 */
export function percentilePoints(h: Histogram): PercentilePoint[] {
  const n = h.totalCount;
  if (n === 0) return [];
  const points: PercentilePoint[] = [];
  for (let decade = 1; decade < n; decade *= 10) {
    for (const step of LADDER) {
      const x = Number((step * decade).toPrecision(6));
      if (x >= n) break;
      const percentile = percentileOf(x);
      points.push({ inverseTail: x, percentile, valueUs: h.getValueAtPercentile(percentile) });
    }
  }
  points.push({ inverseTail: n, percentile: percentileOf(n), valueUs: h.maxValue });
  return points;
}

export interface PercentileCurves {
  readonly curves: readonly PercentileCurve[];
  /** Cells with no successful request of their key step: nothing to plot, said under the chart. */
  readonly withoutData: readonly string[];
}

/** Corrected and uncorrected spectra of each cell's key step (tool calls; handle use; task polls), decoded from result.json. */
export function percentileCurves(cells: readonly CellResult[]): PercentileCurves {
  const curves: PercentileCurve[] = [];
  const withoutData: string[] = [];
  cells.forEach((c, cellIndex) => {
    const step = keyStepOf(c.flow);
    const report = c.metrics?.steps[step];
    // Not packed: percentile look-ups on a packed histogram are ~30× slower, and these live for one chart.
    const corrected = report ? decodeHistogram(report.correctedHdr) : undefined;
    if (!report || !corrected || corrected.totalCount === 0) {
      withoutData.push(c.id);
      return;
    }
    const uncorrected = decodeHistogram(report.uncorrectedHdr);
    for (const [kind, h] of [['corrected', corrected], ['uncorrected', uncorrected]] as const) {
      curves.push({ cellIndex, cellId: c.id, step, kind, count: h.totalCount, points: percentilePoints(h) });
    }
  });
  return { curves, withoutData };
}
