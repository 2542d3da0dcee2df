import { mean, sampleStandardDeviation } from 'simple-statistics';
import { DEFAULT_MIN_EFFECT, type Direction } from './verdict.js';

export interface TrailingWindowOptions {
  /** How many runs before the newest form the window. Default 40 (Netflix's choice). */
  readonly window?: number;
  /** Fewer earlier runs than this: not judged. Default 5. */
  readonly minWindow?: number;
  /** Flag beyond this many standard deviations. Default 4. */
  readonly sigmas?: number;
  /** And only when the newest differs from the window's mean by at least this fraction. Default 0.05. */
  readonly minEffect?: number;
  readonly direction?: Direction;
}

export interface TrailingWindowResult {
  readonly status: 'ok' | 'outlier' | 'insufficient';
  readonly newest: number;
  /** Runs in the window actually used. */
  readonly windowSize: number;
  readonly windowMean: number;
  readonly windowSd: number;
  /** (newest − mean) / sd; ±∞ when the window is constant and the newest differs. */
  readonly z: number;
  /** newest / mean − 1. */
  readonly relativeChange: number;
  /** With a direction: whether the newest run is on the bad side. */
  readonly worse: boolean | undefined;
  readonly reason: string;
}

/**
 * The quick check of the newest run against the trailing window (the last N runs before it):
 * an outlier when it lies more than `sigmas` standard deviations from their mean and differs by at
 * least the minimum effect. It catches a regression on the night it lands, before e-divisive has
 * enough runs after it to place a change point.
 */
export function checkNewestAgainstWindow(series: readonly number[], options: TrailingWindowOptions = {}): TrailingWindowResult {
  const windowLength = options.window ?? 40;
  const minWindow = Math.max(2, options.minWindow ?? 5);
  const sigmas = options.sigmas ?? 4;
  const minEffect = options.minEffect ?? DEFAULT_MIN_EFFECT;
  if (series.length === 0) throw new RangeError('the series is empty');
  const newest = series[series.length - 1]!;
  const windowValues = series.slice(Math.max(0, series.length - 1 - windowLength), series.length - 1);
  if (windowValues.length < minWindow) {
    return {
      status: 'insufficient', newest, windowSize: windowValues.length, windowMean: Number.NaN, windowSd: Number.NaN,
      z: Number.NaN, relativeChange: Number.NaN, worse: undefined,
      reason: `${windowValues.length} earlier runs; the check needs ${minWindow}`,
    };
  }
  const windowMean = mean(windowValues);
  const windowSd = sampleStandardDeviation(windowValues);
  const deviation = newest - windowMean;
  const z = windowSd > 0 ? deviation / windowSd : deviation === 0 ? 0 : Math.sign(deviation) * Number.POSITIVE_INFINITY;
  const relativeChange = windowMean === 0 ? Number.NaN : newest / windowMean - 1;
  const worse = options.direction === undefined ? undefined : (deviation > 0) === (options.direction === 'lower-is-better') && deviation !== 0;
  const material = Number.isNaN(relativeChange) ? deviation !== 0 : Math.abs(relativeChange) >= minEffect;
  const outlier = Math.abs(z) > sigmas && material;
  const zText = Number.isFinite(z) ? z.toFixed(1) : String(z);
  const reason = outlier
    ? `newest ${newest} is ${zText} σ from the mean ${windowMean.toFixed(1)} of the last ${windowValues.length} runs (${(relativeChange * 100).toFixed(1)} %)`
    : `within ${sigmas} σ or ${(minEffect * 100).toFixed(0)} % of the last ${windowValues.length} runs (z = ${zText})`;
  return { status: outlier ? 'outlier' : 'ok', newest, windowSize: windowValues.length, windowMean, windowSd, z, relativeChange, worse, reason };
}
