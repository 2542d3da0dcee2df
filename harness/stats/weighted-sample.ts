import { JsHistogram } from 'hdr-histogram-js';
import type { Histogram } from '../metrics/histogram.js';

/**
 * A sample as sorted distinct values with their counts, so the rank test and the bootstrap treat a
 * plain array (each value once) and an HDR histogram (millions of values in a few hundred buckets)
 * the same way, in time proportional to the number of distinct values.
 */
export interface WeightedSample {
  /** Distinct values, ascending (any unit; for histograms the bucket's highest equivalent value, in µs). */
  readonly values: readonly number[];
  /** How many observations have each value (same length as `values`, all > 0). */
  readonly counts: readonly number[];
  /** Sum of `counts`. */
  readonly total: number;
}

export function weightedFromValues(values: readonly number[]): WeightedSample {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]! += 1;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  return { values: distinct, counts, total: sorted.length };
}

/**
 * Reads a histogram's recorded buckets. Each bucket is represented by its highest equivalent value,
 * the value `getValueAtPercentile` reports, so quantiles taken here equal the histogram's own.
 */
export function weightedFromHistogram(h: Histogram): WeightedSample {
  if (!(h instanceof JsHistogram)) {
    throw new TypeError('weightedFromHistogram needs a JS histogram (harness/metrics/histogram.ts builds those)');
  }
  const values: number[] = [];
  const counts: number[] = [];
  const it = h.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const step = it.next();
    values.push(step.valueIteratedTo);
    counts.push(step.countAddedInThisIterationStep);
  }
  return { values, counts, total: counts.reduce((a, b) => a + b, 0) };
}

/** Running totals: `cumulative[i]` = observations with a value ≤ values[i]. */
export function cumulativeCounts(s: WeightedSample): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const c of s.counts) {
    sum += c;
    out.push(sum);
  }
  return out;
}

/** The value of the observation of 1-based `rank` in ascending order (binary search over `cumulative`). */
export function valueAtRank(s: WeightedSample, cumulative: readonly number[], rank: number): number {
  const r = Math.min(Math.max(1, Math.ceil(rank)), s.total);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! >= r) hi = mid;
    else lo = mid + 1;
  }
  return s.values[lo]!;
}

/**
 * Quantile q ∈ (0, 1] by the nearest-rank rule HdrHistogram uses: the value of rank ⌈q·n⌉.
 * The same rule is used for arrays, so a figure means the same thing whatever its source.
 */
export function weightedQuantile(s: WeightedSample, q: number, cumulative = cumulativeCounts(s)): number {
  if (s.total === 0) return Number.NaN;
  return valueAtRank(s, cumulative, nearestRank(q, s.total));
}

/** ⌈q·n⌉, at least 1, robust to the one-ulp excess of q·n in floating point (as HdrHistogram does). */
export function nearestRank(q: number, n: number): number {
  const exact = q * n;
  const rounded = Math.round(exact);
  const rank = Math.abs(exact - rounded) < 1e-9 * Math.max(1, exact) ? rounded : Math.ceil(exact);
  return Math.min(n, Math.max(1, rank));
}
