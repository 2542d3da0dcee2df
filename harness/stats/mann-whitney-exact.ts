/**
 * Exact null distribution of the Mann-Whitney U statistic for samples of sizes m and n without ties,
 * as probabilities P(U = u), u = 0..m·n. Recurrence (Mann & Whitney 1947), computed in probabilities
 * so nothing overflows:  p(u; m, n) = m/(m+n)·p(u − n; m − 1, n) + n/(m+n)·p(u; m, n − 1).
 * Cost O(m·n·m·n): meant for m, n < 50 (R's wilcox.test switches to the normal approximation there too).
 */
export function mannWhitneyExactDistribution(m: number, n: number): Float64Array {
  // prev[j] holds p(·; i − 1, j) and cur[j] p(·; i, j) for j = 0..n.
  let prev: Float64Array[] = [];
  for (let j = 0; j <= n; j++) prev.push(Float64Array.of(1)); // m = 0: U is 0 surely
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)]; // n = 0: U is 0 surely
    for (let j = 1; j <= n; j++) {
      const dist = new Float64Array(i * j + 1);
      const fromFewerX = prev[j]!; // p(·; i − 1, j), support 0..(i−1)·j
      const fromFewerY = cur[j - 1]!; // p(·; i, j − 1), support 0..i·(j−1)
      const wx = i / (i + j);
      const wy = j / (i + j);
      for (let u = 0; u < fromFewerX.length; u++) dist[u + j]! += wx * fromFewerX[u]!;
      for (let u = 0; u < fromFewerY.length; u++) dist[u]! += wy * fromFewerY[u]!;
      cur.push(dist);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** Two-sided exact p-value for an observed U (twice the smaller tail, capped at 1). */
export function mannWhitneyExactP(u: number, m: number, n: number): number {
  const dist = mannWhitneyExactDistribution(m, n);
  const lowerU = Math.min(u, m * n - u);
  let tail = 0;
  for (let k = 0; k <= Math.floor(lowerU + 1e-9); k++) tail += dist[k]!;
  return Math.min(1, 2 * tail);
}
