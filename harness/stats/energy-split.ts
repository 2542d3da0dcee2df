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

export function bestEnergySplit(x: ArrayLike<number>, minSegment: number, alpha = 1): EnergySplit {
  const n = x.length;
  if (n < 2 * minSegment) return { tau: -1, kappa: -1, q: 0 };
  const w = n + 1;
  // prefix[a·w + b] = Σ_{i<a, j<b} |x_i − x_j|^α
  const prefix = new Float64Array(w * w);
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < n; j++) {
      const d = Math.abs(x[i]! - x[j]!);
      rowSum += alpha === 1 ? d : d ** alpha;
      prefix[(i + 1) * w + (j + 1)] = prefix[i * w + (j + 1)]! + rowSum;
    }
  }
  const block = (a1: number, a2: number, b1: number, b2: number): number =>
    prefix[a2 * w + b2]! - prefix[a1 * w + b2]! - prefix[a2 * w + b1]! + prefix[a1 * w + b1]!;
  let best: EnergySplit = { tau: -1, kappa: -1, q: 0 };
  for (let tau = minSegment; tau <= n - minSegment; tau++) {
    const m = tau;
    const withinX = block(0, tau, 0, tau) / (m * (m - 1));
    for (let kappa = tau + minSegment; kappa <= n; kappa++) {
      const k = kappa - tau;
      const between = (2 * block(0, tau, tau, kappa)) / (m * k);
      const withinY = block(tau, kappa, tau, kappa) / (k * (k - 1));
      const q = ((m * k) / (m + k)) * (between - withinX - withinY);
      if (q > best.q) best = { tau, kappa, q };
    }
  }
  return best;
}
