import { linearRegression, mean } from 'simple-statistics';
import { studentTQuantile } from './distributions.js';
import { DEFAULT_CONFIDENCE, checkConfidence } from './resample.js';
import type { Estimate } from './verdict.js';

export interface LinearFit {
  /** dy/dx with its t-interval (unbounded when there are only 2 points). */
  readonly slope: Estimate;
  readonly intercept: Estimate;
  /** Standard deviation of the residuals (n − 2 degrees of freedom); NaN with 2 points. */
  readonly residualSd: number;
  readonly rSquared: number;
  readonly points: number;
  readonly confidence: number;
}

/**
 * Ordinary least squares y = intercept + slope·x with Student-t intervals on both coefficients
 * (standard errors s/√Sxx and s·√(1/n + x̄²/Sxx)). The fit is simple-statistics'; the intervals,
 * which it does not give, follow the textbook formulas (checked against scipy.stats.linregress).
 * Assumes independent residuals of equal variance.
 */
export function fitLine(x: readonly number[], y: readonly number[], confidence = DEFAULT_CONFIDENCE): LinearFit {
  checkConfidence(confidence);
  if (x.length !== y.length) throw new RangeError(`x and y differ in length (${x.length} vs ${y.length})`);
  const n = x.length;
  if (n < 2) throw new RangeError(`a line needs at least 2 points (got ${n})`);
  const xMean = mean(x as number[]);
  const sxx = x.reduce((s, v) => s + (v - xMean) ** 2, 0);
  if (sxx === 0) throw new RangeError('all x values are equal: the slope is undefined');
  const { m, b } = linearRegression(x.map((v, i) => [v, y[i]!]));
  const ssr = x.reduce((s, v, i) => s + (y[i]! - (b + m * v)) ** 2, 0);
  const yMean = mean(y as number[]);
  const sst = y.reduce((s, v) => s + (v - yMean) ** 2, 0);
  const dof = n - 2;
  const residualSd = dof > 0 ? Math.sqrt(ssr / dof) : Number.NaN;
  const t = dof > 0 ? studentTQuantile(1 - (1 - confidence) / 2, dof) : Number.POSITIVE_INFINITY;
  const seSlope = residualSd / Math.sqrt(sxx);
  const seIntercept = residualSd * Math.sqrt(1 / n + (xMean * xMean) / sxx);
  const interval = (point: number, se: number): Estimate =>
    dof > 0 ? { point, low: point - t * se, high: point + t * se } : { point, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  return {
    slope: interval(m, seSlope),
    intercept: interval(b, seIntercept),
    residualSd,
    rSquared: sst === 0 ? 1 : 1 - ssr / sst,
    points: n,
    confidence,
  };
}
