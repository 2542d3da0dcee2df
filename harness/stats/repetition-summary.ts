import { median } from 'simple-statistics';
import { suggestedBlockLength, varianceInflation } from './autocorrelation.js';
import { mannWhitneyU } from './mann-whitney.js';
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
import { DEFAULT_ALPHA } from './verdict.js';
import { nearestRank } from './weighted-sample.js';
import type { Interval } from './bootstrap-compare.js';

/** Per repetition, the figure's time-ordered per-second values (or one value per repetition). */
export type RepetitionSeries = readonly (readonly number[])[];

export interface MedianInterval extends Interval {
  readonly repetitions: number;
  /** The interval's actual coverage: below the requested confidence when there are too few repetitions. */
  readonly confidence: number;
}

/**
 * Median of a figure over repetitions with a distribution-free interval from order statistics:
 * [x(j), x(n−j+1)] covers the true median with probability 1 − 2·P(Binomial(n, ½) < j). A bootstrap
 * of 3 values can only return those values and would label [min, max] "95 %" while it covers 75 %;
 * this states what the data supports (n = 3: 75 %, n = 5: 93.8 %, n = 6: 96.9 %).
 */
export function medianOfRepetitions(values: readonly number[], confidence = DEFAULT_CONFIDENCE): MedianInterval {
  checkConfidence(confidence);
  if (values.length === 0) throw new RangeError('no repetitions to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let j = 1;
  let coverage = coverageOf(1, n);
  while (j + 1 <= Math.floor((n + 1) / 2) && coverageOf(j + 1, n) >= confidence) coverage = coverageOf(++j, n);
  return { point: median(sorted), low: sorted[j - 1]!, high: sorted[n - j]!, confidence: coverage, repetitions: n };
}

/** 1 − 2·P(Binomial(n, ½) ≤ j − 1). */
function coverageOf(j: number, n: number): number {
  let tail = 0;
  let choose = 1; // C(n, k)
  for (let k = 0; k < j; k++) {
    tail += choose;
    choose = (choose * (n - k)) / (k + 1);
  }
  return Math.max(0, 1 - 2 * tail * 0.5 ** n);
}

export interface PooledOptions {
  /** Quantile of the pooled values taken as the figure. Default 0.5 (median). */
  readonly quantile?: number;
  readonly confidence?: number;
  readonly resamples?: number;
  readonly seed?: number;
}

export interface PooledSummary extends Interval {
  readonly repetitions: number;
  readonly values: number;
}

/**
 * A figure over per-second intervals pooled across repetitions, with a two-level (hierarchical)
 * bootstrap interval: resample repetitions with replacement, then each chosen repetition's
 * intervals in moving blocks, pool, take the quantile. Run-to-run drift widens it through the first
 * level, autocorrelation within a run through the blocks. With one repetition only the second level
 * remains and the interval shows within-run noise only.
 */
export function summarizePooledIntervals(reps: RepetitionSeries, options: PooledOptions = {}): PooledSummary {
  const quantile = options.quantile ?? 0.5;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  checkConfidence(confidence);
  checkResamples(resamples);
  const replicate = pooledReplicator(reps, quantile, randomStream(options.seed ?? DEFAULT_SEED, 11));
  const replicates = Array.from({ length: resamples }, () => replicate.next());
  return { point: replicate.point, ...percentileInterval(replicates, confidence), confidence, repetitions: reps.length, values: replicate.total };
}

function pooledReplicator(reps: RepetitionSeries, quantile: number, random: Random) {
  const usable = reps.filter((r) => r.length > 0);
  if (usable.length === 0) throw new RangeError('no per-second values in any repetition');
  const blockLengths = usable.map((r) => suggestedBlockLength(r));
  const pooled = Float64Array.from(usable.flat()).sort();
  const point = pooled[nearestRank(quantile, pooled.length) - 1]!;
  return {
    point,
    total: pooled.length,
    next(): number {
      const parts: Float64Array[] = [];
      let length = 0;
      for (let k = 0; k < usable.length; k++) {
        const pick = Math.floor(random() * usable.length);
        const out = new Float64Array(usable[pick]!.length);
        resampleBlocks(usable[pick]!, blockLengths[pick]!, random, out);
        parts.push(out);
        length += out.length;
      }
      const all = new Float64Array(length);
      let offset = 0;
      for (const p of parts) {
        all.set(p, offset);
        offset += p.length;
      }
      all.sort();
      return all[nearestRank(quantile, length) - 1]!;
    },
  };
}

export interface WithinNoiseResult {
  readonly withinNoise: boolean;
  /** b/a of the pooled figure, with its hierarchical-bootstrap interval. */
  readonly ratio: Interval;
  /** Rank test on the pooled values (variance inflated for autocorrelation). */
  readonly pValue: number;
  readonly reason: string;
}

/**
 * Whether two cells of one run differ by no more than their noise: the interval on the ratio of
 * their pooled figures includes 1, or the rank test is not significant. Used to mark table cells
 * whose difference should not be read as a finding.
 */
export function withinNoise(a: RepetitionSeries, b: RepetitionSeries, options: PooledOptions & { alpha?: number } = {}): WithinNoiseResult {
  const quantile = options.quantile ?? 0.5;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  checkConfidence(confidence);
  checkResamples(resamples);
  const seed = options.seed ?? DEFAULT_SEED;
  const ra = pooledReplicator(a, quantile, randomStream(seed, 21));
  const rb = pooledReplicator(b, quantile, randomStream(seed, 22));
  const ratios = Array.from({ length: resamples }, () => rb.next() / ra.next());
  const ratio = { point: rb.point / ra.point, ...percentileInterval(ratios, confidence), confidence };
  const inflation = Math.max(...a.map((s) => varianceInflation(s)), ...b.map((s) => varianceInflation(s)));
  const pValue = mannWhitneyU(a.flat(), b.flat(), { varianceInflation: inflation }).pValue;
  const overlaps = ratio.low <= 1 && ratio.high >= 1;
  const noise = overlaps || pValue >= alpha;
  const span = `ratio ${ratio.point.toFixed(3)} [${ratio.low.toFixed(3)}, ${ratio.high.toFixed(3)}], p = ${pValue.toFixed(3)}`;
  return { withinNoise: noise, ratio, pValue, reason: noise ? `${span}: within noise` : `${span}: a real difference` };
}
