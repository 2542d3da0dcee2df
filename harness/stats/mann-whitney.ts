import { mannWhitneyExactP } from './mann-whitney-exact.js';
import { normalCdf } from './distributions.js';
import { type WeightedSample, weightedFromValues } from './weighted-sample.js';

export interface MannWhitneyOptions {
  /**
   * Divides the effective sample sizes (multiplies the variance of U) to allow for positive
   * autocorrelation in time-ordered series such as per-second intervals. 1 = independent samples.
   * See `varianceInflation` in autocorrelation.ts.
   */
  readonly varianceInflation?: number;
  /** Use the exact distribution when there are no ties and both sizes are below this. Default 50. */
  readonly exactBelow?: number;
}

export interface MannWhitneyResult {
  /** U of the first sample: pairs (a, b) with a > b, ties counting ½. Ranges over 0..m·n. */
  readonly u: number;
  /** P(a > b) + ½·P(a = b) estimated from the samples: 0.5 when neither tends to be larger. */
  readonly probabilityAGreater: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** z of the normal approximation (continuity- and tie-corrected); undefined for the exact method. */
  readonly z: number | undefined;
  readonly method: 'exact' | 'normal';
  readonly sizeA: number;
  readonly sizeB: number;
}

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test of whether one sample tends to be larger than the other.
 * Mid-ranks for ties; exact null distribution for small tie-free samples, otherwise the normal
 * approximation with tie-corrected variance and continuity correction — R's `wilcox.test` rule
 * (exact below 50 a side); p-values checked against scipy's exact and asymptotic methods.
 * Samples may be plain arrays or weighted (histogram buckets); both must be non-empty.
 */
export function mannWhitneyU(
  a: readonly number[] | WeightedSample,
  b: readonly number[] | WeightedSample,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const sa = isWeighted(a) ? a : weightedFromValues(a);
  const sb = isWeighted(b) ? b : weightedFromValues(b);
  const m = sa.total;
  const n = sb.total;
  if (m === 0 || n === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const { rankSumA, tieTerm } = rankSumOfFirst(sa, sb);
  const u = rankSumA - (m * (m + 1)) / 2;
  const probabilityAGreater = u / (m * n);
  const exactBelow = options.exactBelow ?? 50;
  const inflation = Math.max(1, options.varianceInflation ?? 1);
  if (tieTerm === 0 && m < exactBelow && n < exactBelow && inflation === 1) {
    return { u, probabilityAGreater, pValue: mannWhitneyExactP(u, m, n), z: undefined, method: 'exact', sizeA: m, sizeB: n };
  }
  const N = m + n;
  const variance = ((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))) * inflation;
  const deviation = u - (m * n) / 2;
  if (variance <= 0) {
    // Every observation equal: no evidence of any difference.
    return { u, probabilityAGreater, pValue: 1, z: 0, method: 'normal', sizeA: m, sizeB: n };
  }
  const corrected = Math.max(0, Math.abs(deviation) - 0.5);
  const z = Math.sign(deviation) * (corrected / Math.sqrt(variance));
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  return { u, probabilityAGreater, pValue, z, method: 'normal', sizeA: m, sizeB: n };
}

function isWeighted(x: readonly number[] | WeightedSample): x is WeightedSample {
  return !Array.isArray(x);
}

/** Merge-walks both sorted samples assigning mid-ranks; returns A's rank sum and Σ(t³ − t) over tie groups. */
function rankSumOfFirst(a: WeightedSample, b: WeightedSample): { rankSumA: number; tieTerm: number } {
  let i = 0;
  let j = 0;
  let below = 0; // observations ranked before the current value
  let rankSumA = 0;
  let tieTerm = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? a.values[i]! : Number.POSITIVE_INFINITY;
    const vb = j < b.values.length ? b.values[j]! : Number.POSITIVE_INFINITY;
    const v = Math.min(va, vb);
    const ca = va === v ? a.counts[i++]! : 0;
    const cb = vb === v ? b.counts[j++]! : 0;
    const t = ca + cb;
    const midRank = below + (t + 1) / 2;
    rankSumA += ca * midRank;
    if (t > 1) tieTerm += t * t * t - t;
    below += t;
  }
  return { rankSumA, tieTerm };
}
