import { mean } from 'simple-statistics';

/**
 * Per-second interval figures are autocorrelated (a slow second tends to follow a slow second), so
 * treating them as independent makes p-values optimistic and intervals too narrow. These helpers
 * measure the lag-1 autocorrelation and turn it into the two corrections the tests use: a block
 * length for the bootstrap and a variance inflation for the rank test.
 */

/** Lag-1 sample autocorrelation of a time-ordered series (0 for fewer than 3 points or a constant series). */
export function lag1Autocorrelation(series: readonly number[]): number {
  const n = series.length;
  if (n < 3) return 0;
  const m = mean(series as number[]);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = series[i]! - m;
    den += d * d;
    if (i > 0) num += d * (series[i - 1]! - m);
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Factor by which positive autocorrelation inflates the variance of a rank or mean statistic under an
 * AR(1) model: (1 + ρ)/(1 − ρ), i.e. the effective sample size is n/factor. ρ is clamped to
 * [0, 0.9] (negative correlation is not credited; ρ near 1 would make the factor explode on noise),
 * and is ignored unless it exceeds its own noise level 2/√n.
 */
export function varianceInflation(series: readonly number[]): number {
  const rho = lag1Autocorrelation(series);
  if (rho <= 2 / Math.sqrt(Math.max(1, series.length))) return 1;
  const r = Math.min(0.9, rho);
  return (1 + r) / (1 - r);
}

/**
 * Block length for a moving-block bootstrap of a time-ordered series: ⌈n^(1/3)⌉ (the usual rate,
 * Hall, Horowitz & Jing 1995) when the series is measurably autocorrelated, else 1 (plain bootstrap).
 */
export function suggestedBlockLength(series: readonly number[]): number {
  if (varianceInflation(series) === 1) return 1;
  return Math.max(1, Math.ceil(Math.cbrt(series.length)));
}
