/**
 * The best single split of a segment by the energy (E-)statistic, the inner step of e-divisive
 * means (Matteson & James 2014, "A nonparametric approach for multiple change point analysis of
 * multivariate data", JASA 109:505). For a split of x[0..κ) at τ, with X = x[0..τ), Y = x[τ..κ):
 *
 *   Ê(X, Y) = 2/(m·k)·Σ|X−Y|^α − 1/C(m,2)·Σ_{i<j}|Xi−Xj|^α − 1/C(k,2)·Σ_{i<j}|Yi−Yj|^α
 *   Q̂(τ, κ) = m·k/(m + k) · Ê(X, Y),   m = τ, k = κ − τ
 *
 * maximised over τ and κ, both parts at least `minSegment` long. All block sums come from a 2-D
 * prefix sum of the distance matrix, so one search costs O(n²).
 */
export interface EnergySplit {
  /** Index (within the segment) of the first value after the change. */
  readonly tau: number;
  /** End (exclusive) of the right part that gave the maximum. */
  readonly kappa: number;
  /** The maximised statistic Q̂ (0 when no split is allowed). */
  readonly q: number;
}

/**
 * `scratch` (optional) is reused for the (n + 1)² prefix sums: the permutation test calls this
 * hundreds of times per change point, and fresh buffers of that size dominate the cost.
 */
export function bestEnergySplit(x: ArrayLike<number>, minSegment: number, alpha = 1, scratch?: Float64Array): EnergySplit {
  const n = x.length;
  if (n < 2 * minSegment) return { tau: -1, kappa: -1, q: 0 };
  const w = n + 1;
  // prefix[a·w + b] = Σ_{i<a, j<b} |x_i − x_j|^α
  const prefix = scratch !== undefined && scratch.length >= w * w ? scratch : new Float64Array(w * w);
  prefix.fill(0, 0, w); // row 0; column 0 of the other rows is written below
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const row = (i + 1) * w;
    const above = i * w;
    prefix[row] = 0;
    let rowSum = 0;
    for (let j = 0; j < n; j++) {
      const d = Math.abs(xi - x[j]!);
      rowSum += alpha === 1 ? d : d ** alpha;
      prefix[row + j + 1] = prefix[above + j + 1]! + rowSum;
    }
  }
  let bestQ = 0;
  let bestTau = -1;
  let bestKappa = -1;
  for (let tau = minSegment; tau <= n - minSegment; tau++) {
    const m = tau;
    const rowTau = tau * w;
    const withinX = prefix[rowTau + tau]! / (m * (m - 1));
    for (let kappa = tau + minSegment; kappa <= n; kappa++) {
      const k = kappa - tau;
      const rowKappa = kappa * w;
      // Block sums from the prefix: X×Y = [0,τ)×[τ,κ), Y×Y = [τ,κ)².
      const xy = prefix[rowTau + kappa]! - prefix[rowTau + tau]!;
      const yy = prefix[rowKappa + kappa]! - 2 * prefix[rowTau + kappa]! + prefix[rowTau + tau]!;
      const q = ((m * k) / (m + k)) * ((2 * xy) / (m * k) - withinX - yy / (k * (k - 1)));
      if (q > bestQ) {
        bestQ = q;
        bestTau = tau;
        bestKappa = kappa;
      }
    }
  }
  return { tau: bestTau, kappa: bestKappa, q: bestQ };
}
