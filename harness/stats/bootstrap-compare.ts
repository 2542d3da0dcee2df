import type { Histogram } from '../metrics/histogram.js';
import { betaQuantile } from './distributions.js';
import {
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  type Random,
  checkConfidence,
  checkResamples,
  percentileInterval,
  randomStream,
  resampleBlocks,
} from './resample.js';
import { suggestedBlockLength } from './autocorrelation.js';
import { type WeightedSample, cumulativeCounts, nearestRank, valueAtRank, weightedFromHistogram, weightedQuantile } from './weighted-sample.js';
import { invalidSetting } from './invalid-setting.js';

/** One side of a comparison: plain values (repetitions, per-second figures) or an HDR histogram. */
export type BootstrapSample =
  | { readonly values: readonly number[]; /** Time-ordered (per-second series): resample in blocks. */ readonly ordered?: boolean }
  | { readonly histogram: Histogram };

export interface Interval {
  readonly point: number;
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
}

export interface BootstrapCompareOptions {
  /** Default 0.95. */
  readonly confidence?: number;
  /** Default 2000. */
  readonly resamples?: number;
  readonly seed?: number;
}

export interface QuantileComparison {
  /** Quantile compared, as a fraction (0.5 = p50, 0.99 = p99). */
  readonly quantile: number;
  readonly baseline: number;
  readonly candidate: number;
  /** candidate − baseline, in the samples' unit. */
  readonly difference: Interval;
  /** candidate / baseline; undefined when the baseline's quantile is not positive. */
  readonly ratio: Interval | undefined;
  readonly resamples: number;
  /** Block length used per side (1 = i.i.d.; histograms are always i.i.d.). */
  readonly blockLengths: readonly [number, number];
}

/**
 * Percentile-bootstrap interval on the difference and the ratio of one quantile (p50, p99, ...)
 * between two independent samples. Values are resampled with replacement — in moving blocks of
 * ⌈n^(1/3)⌉ when a side is `ordered` and measurably autocorrelated; histograms are resampled by
 * their counts, exactly and in O(log buckets) per replicate: the m-th smallest of n draws from the
 * histogram is the observation of rank ⌈n·U⌉ with U ~ Beta(m, n − m + 1).
 * The same inputs and seed always give the same interval.
 */
export function bootstrapQuantileComparison(
  baseline: BootstrapSample,
  candidate: BootstrapSample,
  quantile: number,
  options: BootstrapCompareOptions = {},
): QuantileComparison {
  if (!(quantile > 0 && quantile <= 1)) throw invalidSetting(`quantile must be in (0, 1], e.g. 0.99 (got ${quantile})`);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  checkConfidence(confidence);
  checkResamples(resamples);
  const seed = options.seed ?? DEFAULT_SEED;
  const a = quantileReplicator(baseline, quantile, randomStream(seed, 1), 'baseline');
  const b = quantileReplicator(candidate, quantile, randomStream(seed, 2), 'candidate');
  const differences: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const qa = a.next();
    const qb = b.next();
    differences.push(qb - qa);
    ratios.push(qa > 0 ? qb / qa : Number.NaN);
  }
  const difference = { point: b.point - a.point, ...percentileInterval(differences, confidence), confidence };
  const ratioUsable = a.point > 0 && ratios.every((r) => Number.isFinite(r));
  const ratio = ratioUsable ? { point: b.point / a.point, ...percentileInterval(ratios, confidence), confidence } : undefined;
  return { quantile, baseline: a.point, candidate: b.point, difference, ratio, resamples, blockLengths: [a.blockLength, b.blockLength] };
}

interface Replicator {
  readonly point: number;
  readonly blockLength: number;
  next(): number;
}

/** Draws bootstrap replicates of one side's quantile. */
export function quantileReplicator(sample: BootstrapSample, quantile: number, random: Random, side = 'sample'): Replicator {
  if ('histogram' in sample) return histogramReplicator(weightedFromHistogram(sample.histogram), quantile, random, side);
  const values = sample.values;
  if (values.length === 0) throw new RangeError(`${side}: no values to resample`);
  const blockLength = sample.ordered ? suggestedBlockLength(values) : 1;
  const sorted = [...values].sort((x, y) => x - y);
  const point = sorted[nearestRank(quantile, sorted.length) - 1]!;
  const buffer = new Float64Array(values.length);
  return {
    point,
    blockLength,
    next() {
      resampleBlocks(values, blockLength, random, buffer);
      buffer.sort();
      return buffer[nearestRank(quantile, buffer.length) - 1]!;
    },
  };
}

function histogramReplicator(sample: WeightedSample, quantile: number, random: Random, side: string): Replicator {
  const n = sample.total;
  if (n === 0) throw new RangeError(`${side}: the histogram is empty`);
  const cumulative = cumulativeCounts(sample);
  const m = nearestRank(quantile, n);
  return {
    point: weightedQuantile(sample, quantile, cumulative),
    blockLength: 1,
    next() {
      // Guard the open interval: the beta quantile of exactly 0 or 1 is an end point.
      const u = Math.min(1 - 1e-12, Math.max(1e-12, random()));
      const rank = Math.ceil(n * betaQuantile(u, m, n - m + 1));
      return valueAtRank(sample, cumulative, rank);
    },
  };
}
