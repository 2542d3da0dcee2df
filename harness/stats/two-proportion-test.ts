import { lnChoose, normalCdf, normalQuantile } from './distributions.js';

export interface EventCount {
  /** Observations with the event (failed requests, failed sessions, ...). */
  readonly events: number;
  /** All observations. */
  readonly trials: number;
}

export interface TwoProportionResult {
  readonly baselineRate: number;
  readonly candidateRate: number;
  /** candidateRate − baselineRate (a fraction: 0.001 = 0.1 percentage point). */
  readonly difference: number;
  /** Newcombe's hybrid-score interval on `difference` at `confidence`. */
  readonly differenceLow: number;
  readonly differenceHigh: number;
  readonly confidence: number;
  /** Two-sided p-value for "the rates are equal". */
  readonly pValue: number;
  /** Fisher's exact test when an expected cell count is below 5 (rare errors), else the pooled z-test. */
  readonly method: 'fisher-exact' | 'pooled-z';
}

/**
 * Compares two event rates (request error rate, failed-session rate). Rare events are the usual case
 * here (0 vs 3 errors in 10⁵ requests), where the z-test is far too eager; Fisher's exact test is
 * used whenever the smallest expected count is below 5 (Cochran's rule).
 * Reference: Newcombe (1998) "Interval estimation for the difference between independent
 * proportions", method 10; Fisher's test two-sided as in R's fisher.test (tables no likelier than
 * the observed one).
 */
export function twoProportionTest(baseline: EventCount, candidate: EventCount, confidence = 0.95): TwoProportionResult {
  checkCount('baseline', baseline);
  checkCount('candidate', candidate);
  const p1 = baseline.events / baseline.trials;
  const p2 = candidate.events / candidate.trials;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const [l1, u1] = wilson(baseline, z);
  const [l2, u2] = wilson(candidate, z);
  const difference = p2 - p1;
  const differenceLow = difference - Math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2);
  const differenceHigh = difference + Math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2);
  const totalEvents = baseline.events + candidate.events;
  const totalTrials = baseline.trials + candidate.trials;
  const minTrials = Math.min(baseline.trials, candidate.trials);
  const minExpected = Math.min(totalEvents, totalTrials - totalEvents) * (minTrials / totalTrials);
  const common = { baselineRate: p1, candidateRate: p2, difference, differenceLow, differenceHigh, confidence };
  if (minExpected < 5) {
    return { ...common, pValue: fisherExactP(baseline, candidate), method: 'fisher-exact' };
  }
  const pooled = totalEvents / totalTrials;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / baseline.trials + 1 / candidate.trials));
  const pValue = se === 0 ? 1 : Math.min(1, 2 * normalCdf(-Math.abs(difference) / se));
  return { ...common, pValue, method: 'pooled-z' };
}

function checkCount(name: string, c: EventCount): void {
  if (!Number.isInteger(c.events) || !Number.isInteger(c.trials) || c.trials <= 0 || c.events < 0 || c.events > c.trials) {
    throw new RangeError(`${name}: need integers 0 ≤ events ≤ trials and trials > 0 (got ${c.events}/${c.trials})`);
  }
}

/** Wilson score interval for one proportion. */
function wilson(c: EventCount, z: number): [number, number] {
  const n = c.trials;
  const p = c.events / n;
  const denom = 1 + (z * z) / n;
  const center = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/** Two-sided Fisher exact p: the total probability of 2×2 tables (same margins) no likelier than the observed. */
export function fisherExactP(a: EventCount, b: EventCount): number {
  const k = a.events + b.events;
  const lo = Math.max(0, k - b.trials);
  const hi = Math.min(k, a.trials);
  const lnDenominator = lnChoose(a.trials + b.trials, k);
  const lnPmf = (x: number): number => lnChoose(a.trials, x) + lnChoose(b.trials, k - x) - lnDenominator;
  const observed = lnPmf(a.events);
  // R's relative tolerance, so tables equal to the observed one up to rounding are counted.
  const threshold = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = lnPmf(x);
    if (lp <= threshold) p += Math.exp(lp);
  }
  return Math.min(1, p);
}
