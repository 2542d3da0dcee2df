import { mean } from 'simple-statistics';
import { DEFAULT_SEED, type Random, randomStream } from './resample.js';
import { bestEnergySplit } from './energy-split.js';
import { invalidSetting } from './invalid-setting.js';

export interface ChangePointOptions {
  /** Shortest segment on either side of a change. Default 5 (so a series needs ≥ 10 points). */
  readonly minSegment?: number;
  /** Permutations per significance test. Default 199 (smallest attainable p = 0.005). */
  readonly permutations?: number;
  /** A change is kept when its permutation p-value is at most this. Default 0.01. */
  readonly significance?: number;
  /** Exponent α ∈ (0, 2) of the distances. Default 1. */
  readonly alpha?: number;
  readonly seed?: number;
  /** Stop after this many change points. Default 20. */
  readonly maxChangePoints?: number;
}

export interface ChangePoint {
  /** Index of the first value of the new regime. */
  readonly index: number;
  /** Permutation p-value when the change was accepted. */
  readonly pValue: number;
  /** Means of the segments just before and after (final segmentation). */
  readonly meanBefore: number;
  readonly meanAfter: number;
  /** meanAfter / meanBefore − 1 (NaN when meanBefore is 0). */
  readonly relativeChange: number;
}

export interface ChangePointResult {
  /** Ascending by index. */
  readonly changePoints: readonly ChangePoint[];
  /** Set when the series was too short to test: no change points is then "not tested", not "none". */
  readonly skipped?: string;
}

/**
 * E-divisive means (Matteson & James 2014; the method behind MongoDB's signal-processing-algorithms
 * and Apache Otava): repeatedly split the segment with the largest energy statistic, keeping a split
 * only when a permutation test (values shuffled within each current segment) finds it significant.
 * Deterministic: the permutations come from a PRNG seeded by `seed` and the iteration.
 */
export function eDivisiveChangePoints(series: readonly number[], options: ChangePointOptions = {}): ChangePointResult {
  const minSegment = options.minSegment ?? 5;
  const permutations = options.permutations ?? 199;
  const significance = options.significance ?? 0.01;
  const alpha = options.alpha ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  const maxChangePoints = options.maxChangePoints ?? 20;
  if (!Number.isInteger(minSegment) || minSegment < 2) throw invalidSetting(`minSegment must be an integer ≥ 2 (got ${minSegment})`);
  if (!(alpha > 0 && alpha < 2)) throw invalidSetting(`alpha must be in (0, 2) (got ${alpha})`);
  if (series.some((v) => !Number.isFinite(v))) throw new RangeError('the series has a non-finite value');
  if (series.length < 2 * minSegment) {
    return { changePoints: [], skipped: `${series.length} points; change points need at least ${2 * minSegment}` };
  }
  const bounds = [0, series.length]; // segment i is [bounds[i], bounds[i+1])
  const scratch = new Float64Array((series.length + 1) ** 2);
  const accepted: { index: number; pValue: number }[] = [];
  for (let iteration = 0; accepted.length < maxChangePoints; iteration++) {
    const observed = bestOverSegments(series, bounds, minSegment, alpha, scratch);
    if (observed.q <= 0) break;
    const settings = { minSegment, alpha, permutations, significance, scratch };
    const pValue = permutationP(series, bounds, observed.q, settings, randomStream(seed, iteration));
    if (pValue > significance) break;
    accepted.push({ index: observed.index, pValue });
    bounds.push(observed.index);
    bounds.sort((a, b) => a - b);
  }
  accepted.sort((a, b) => a.index - b.index);
  const changePoints = accepted.map(({ index, pValue }) => {
    const i = bounds.indexOf(index);
    const meanBefore = mean(series.slice(bounds[i - 1], index));
    const meanAfter = mean(series.slice(index, bounds[i + 1]));
    return { index, pValue, meanBefore, meanAfter, relativeChange: meanBefore === 0 ? Number.NaN : meanAfter / meanBefore - 1 };
  });
  return { changePoints };
}

function bestOverSegments(
  values: ArrayLike<number>,
  bounds: readonly number[],
  minSegment: number,
  alpha: number,
  scratch: Float64Array,
): { q: number; index: number } {
  let best = { q: 0, index: -1 };
  for (let s = 0; s + 1 < bounds.length; s++) {
    const start = bounds[s]!;
    const split = bestEnergySplit(sub(values, start, bounds[s + 1]!), minSegment, alpha, scratch);
    if (split.q > best.q) best = { q: split.q, index: start + split.tau };
  }
  return best;
}

/** p = (1 + #{permuted max ≥ observed}) / (1 + permutations), stopping early once p must exceed `significance`. */
function permutationP(
  series: readonly number[],
  bounds: readonly number[],
  observedQ: number,
  o: { minSegment: number; alpha: number; permutations: number; significance: number; scratch: Float64Array },
  random: Random,
): number {
  const shuffled = Float64Array.from(series);
  const giveUpAt = Math.floor(o.significance * (o.permutations + 1)); // count at which p > significance
  let atLeast = 0;
  for (let r = 0; r < o.permutations; r++) {
    for (let s = 0; s + 1 < bounds.length; s++) shuffleRange(shuffled, bounds[s]!, bounds[s + 1]!, random);
    if (bestOverSegments(shuffled, bounds, o.minSegment, o.alpha, o.scratch).q >= observedQ) {
      atLeast++;
      if (atLeast >= giveUpAt) return (atLeast + 1) / (r + 2);
    }
  }
  return (atLeast + 1) / (o.permutations + 1);
}

function shuffleRange(a: Float64Array, start: number, end: number, random: Random): void {
  for (let i = end - 1; i > start; i--) {
    const j = start + Math.floor(random() * (i - start + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

function sub(values: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  return values instanceof Float64Array ? values.subarray(start, end) : Array.prototype.slice.call(values, start, end);
}
