import { varianceInflation } from './autocorrelation.js';
import { type BootstrapCompareOptions, type BootstrapSample, type QuantileComparison, bootstrapQuantileComparison } from './bootstrap-compare.js';
import { type MannWhitneyResult, mannWhitneyU } from './mann-whitney.js';
import { type EventCount, type TwoProportionResult, twoProportionTest } from './two-proportion-test.js';
import { DEFAULT_ALPHA, DEFAULT_MIN_EFFECT, type Direction, type Estimate, type VerdictResult, judgeChange } from './verdict.js';
import { weightedFromHistogram } from './weighted-sample.js';

export interface CompareOptions extends BootstrapCompareOptions {
  readonly direction: Direction;
  /** Default 0.05 (5 %). */
  readonly minEffect?: number;
  /** Default 0.05. */
  readonly alpha?: number;
  /** Fewer values than this on either side is "too noisy" without testing. Default 3. */
  readonly minSamples?: number;
}

export interface DistributionComparison extends VerdictResult {
  readonly test: MannWhitneyResult;
  readonly interval: QuantileComparison;
  /** candidate/baseline − 1 of the compared quantile, with its bootstrap interval. */
  readonly relativeChange: Estimate;
}

/**
 * Compares one figure's distribution between two runs: rank test for "does the candidate tend to be
 * larger", bootstrap interval on the chosen quantile's ratio for "by how much", then the verdict.
 * For ordered per-second series the rank test's variance is inflated by the series'
 * autocorrelation (the larger of the two sides) and the bootstrap resamples in blocks.
 */
export function compareDistributions(
  baseline: BootstrapSample,
  candidate: BootstrapSample,
  quantile: number,
  options: CompareOptions,
): DistributionComparison {
  const minSamples = options.minSamples ?? 3;
  const a = sampleForTest(baseline);
  const b = sampleForTest(candidate);
  const test = mannWhitneyU(a.sample, b.sample, { varianceInflation: Math.max(a.inflation, b.inflation) });
  const interval = bootstrapQuantileComparison(baseline, candidate, quantile, options);
  const relativeChange = interval.ratio
    ? { point: interval.ratio.point - 1, low: interval.ratio.low - 1, high: interval.ratio.high - 1 }
    : { point: Number.NaN, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  if (test.sizeA < minSamples || test.sizeB < minSamples) {
    return { test, interval, relativeChange, verdict: 'too-noisy', reason: `fewer than ${minSamples} values on a side (${test.sizeA} vs ${test.sizeB})` };
  }
  const judged = judgeChange({ pValue: test.pValue, relativeChange, direction: options.direction, minEffect: options.minEffect, alpha: options.alpha });
  return { test, interval, relativeChange, ...judged };
}

function sampleForTest(s: BootstrapSample): { sample: Parameters<typeof mannWhitneyU>[0]; inflation: number } {
  if ('histogram' in s) return { sample: weightedFromHistogram(s.histogram), inflation: 1 };
  return { sample: s.values, inflation: s.ordered ? varianceInflation(s.values) : 1 };
}

export interface RateCompareOptions {
  /** Default 0.05 (5 %) relative. */
  readonly minEffect?: number;
  /** Smallest absolute change of the rate called a change. Default 0.001 (0.1 percentage point). */
  readonly minAbsoluteEffect?: number;
  readonly alpha?: number;
  readonly confidence?: number;
}

export interface RateComparison extends VerdictResult {
  readonly test: TwoProportionResult;
  readonly relativeChange: Estimate;
}

/** Compares an error rate between two runs (lower is better): two-proportion test, Newcombe interval, verdict. */
export function compareRates(baseline: EventCount, candidate: EventCount, options: RateCompareOptions = {}): RateComparison {
  const test = twoProportionTest(baseline, candidate, options.confidence);
  const base = test.baselineRate;
  const relativeChange =
    base > 0
      ? { point: test.difference / base, low: test.differenceLow / base, high: test.differenceHigh / base }
      : {
          point: test.candidateRate > 0 ? Number.POSITIVE_INFINITY : 0,
          low: test.differenceLow > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
          high: Number.POSITIVE_INFINITY,
        };
  const judged = judgeChange({
    pValue: test.pValue,
    relativeChange,
    absoluteChange: { point: test.difference, low: test.differenceLow, high: test.differenceHigh },
    minAbsoluteEffect: options.minAbsoluteEffect ?? 0.001,
    direction: 'lower-is-better',
    minEffect: options.minEffect ?? DEFAULT_MIN_EFFECT,
    alpha: options.alpha ?? DEFAULT_ALPHA,
  });
  return { test, relativeChange, ...judged };
}
