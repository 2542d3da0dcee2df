import { invalidSetting } from './invalid-setting.js';

/** What a comparison says about one figure. */
export type Verdict = 'improved' | 'regressed' | 'unchanged' | 'too-noisy';

/** Latency, CPU and error rates: lower is better. Capacity and throughput: higher is better. */
export type Direction = 'lower-is-better' | 'higher-is-better';

/** A point estimate with an interval, all in one unit. */
export interface Estimate {
  readonly point: number;
  readonly low: number;
  readonly high: number;
}

export const DEFAULT_MIN_EFFECT = 0.05;
export const DEFAULT_ALPHA = 0.05;

export interface VerdictInput {
  /** Two-sided p-value of the test (rank test, two-proportion test, ...). */
  readonly pValue: number;
  /** candidate/baseline − 1 with its interval, as a fraction (0.1 = +10 %). */
  readonly relativeChange: Estimate;
  readonly direction: Direction;
  /** Smallest relative change called a change, as a fraction. Default 0.05 (5 %). */
  readonly minEffect?: number;
  /** Significance level. Default 0.05. */
  readonly alpha?: number;
  /**
   * Optional absolute change (candidate − baseline, e.g. an error rate's difference) with its own
   * floor: for rates near zero a large relative change can be immaterial (0.001 % → 0.002 %).
   * Both floors must be reached to call a change; either interval inside its floor means unchanged.
   */
  readonly absoluteChange?: Estimate;
  readonly minAbsoluteEffect?: number;
}

export interface VerdictResult {
  readonly verdict: Verdict;
  /** One sentence a person can act on, with the numbers. */
  readonly reason: string;
}

/**
 * Judges one figure from a test's p-value and an interval on the change:
 * - significant (p < α and the interval excludes 0) and at least the minimum effect → improved or
 *   regressed, by the figure's direction;
 * - significant but smaller than the minimum effect → unchanged (real, but too small to matter);
 * - not significant, and the whole interval within ±minimum effect → unchanged;
 * - otherwise → too noisy: the data cannot tell "no change" from a change that matters.
 */
export function judgeChange(input: VerdictInput): VerdictResult {
  const minEffect = input.minEffect ?? DEFAULT_MIN_EFFECT;
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  if (!(minEffect >= 0)) throw invalidSetting(`minEffect must be ≥ 0, e.g. 0.05 for 5 % (got ${minEffect})`);
  if (!(alpha > 0 && alpha < 1)) throw invalidSetting(`alpha must be between 0 and 1, e.g. 0.05 (got ${alpha})`);
  const rel = input.relativeChange;
  const abs = input.absoluteChange;
  const minAbs = input.minAbsoluteEffect ?? 0;
  const excludesZero = rel.low > 0 || rel.high < 0;
  const significant = input.pValue < alpha && excludesZero;
  const material = Math.abs(rel.point) >= minEffect && (abs === undefined || Math.abs(abs.point) >= minAbs);
  const withinFloor =
    (rel.low > -minEffect && rel.high < minEffect) || (abs !== undefined && abs.low > -minAbs && abs.high < minAbs);
  const change = `${pct(rel.point)} [${pct(rel.low)}, ${pct(rel.high)}], p = ${formatP(input.pValue)}`;
  if (significant && material) {
    const worse = (rel.point > 0) === (input.direction === 'lower-is-better');
    return { verdict: worse ? 'regressed' : 'improved', reason: `${change}: significant and at least ${pct(minEffect, false)}` };
  }
  if (significant) {
    return { verdict: 'unchanged', reason: `${change}: significant but below the ${pct(minEffect, false)} minimum effect` };
  }
  if (withinFloor) {
    return { verdict: 'unchanged', reason: `${change}: the interval lies within ±${pct(minEffect, false)}` };
  }
  return { verdict: 'too-noisy', reason: `${change}: cannot tell no change from a change of ${pct(minEffect, false)} or more` };
}

function pct(fraction: number, signed = true): string {
  if (!Number.isFinite(fraction)) return fraction > 0 ? '+∞ %' : '−∞ %';
  const s = `${(fraction * 100).toFixed(1)} %`;
  return signed && fraction >= 0 ? `+${s}` : s;
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
