import { percentileInterval, randomStream, DEFAULT_SEED, DEFAULT_CONFIDENCE, checkConfidence } from '../stats/resample.js';
import { type UslFit, type UslPoint, fitUsl, uslCapacity } from './usl-fit.js';
import { invalidSetting } from '../stats/invalid-setting.js';

export type ReplicasNeeded =
  | { readonly reachable: true; readonly replicas: number; readonly predictedCapacityPerSec: number }
  | { readonly reachable: false; readonly maxCapacityPerSec: number; readonly reason: string };

/**
 * Smallest whole replica count whose fitted capacity reaches `targetPerSec`. A target above the
 * curve's maximum (the peak X(N*) when κ > 0, the asymptote λ/σ when κ = 0) is not reachable by
 * adding replicas, and says so instead of extrapolating past the peak.
 */
export function replicasNeeded(fit: UslFit, targetPerSec: number, maxReplicas = 10_000): ReplicasNeeded {
  if (!(targetPerSec > 0)) throw invalidSetting(`target must be a positive rate per second (got ${targetPerSec})`);
  const { lambdaPerSec: l, sigma: s } = fit;
  if (targetPerSec >= fit.maxCapacityPerSec) {
    const where = fit.peakReplicas !== undefined ? `peaks at ${fit.peakReplicas.toFixed(1)} replicas` : `approaches λ/σ`;
    return {
      reachable: false,
      maxCapacityPerSec: fit.maxCapacityPerSec,
      reason: `target ${targetPerSec}/s is above the most the fitted curve reaches (${fit.maxCapacityPerSec.toFixed(1)}/s; it ${where})`,
    };
  }
  let n: number;
  if (fit.kappa === 0) {
    // λN/(1 + σ(N − 1)) ≥ T  ⇔  N ≥ T(1 − σ)/(λ − Tσ), with λ − Tσ > 0 because T < λ/σ.
    n = Math.max(1, Math.ceil((targetPerSec * (1 - s)) / (l - targetPerSec * s) - 1e-9));
  } else {
    n = 1;
    const limit = Math.min(maxReplicas, Math.ceil(fit.peakReplicas!) + 1);
    while (n < limit && uslCapacity(fit, n) < targetPerSec) n++;
  }
  if (n > maxReplicas) {
    return { reachable: false, maxCapacityPerSec: fit.maxCapacityPerSec, reason: `more than ${maxReplicas} replicas would be needed` };
  }
  const predicted = uslCapacity(fit, n);
  if (predicted < targetPerSec) {
    // Just below a non-integer peak: no whole count gets there.
    return {
      reachable: false,
      maxCapacityPerSec: fit.maxCapacityPerSec,
      reason: `no whole replica count reaches ${targetPerSec}/s; the best gives ${Math.max(uslCapacity(fit, Math.floor(fit.peakReplicas ?? n)), predicted).toFixed(1)}/s`,
    };
  }
  return { reachable: true, replicas: n, predictedCapacityPerSec: predicted };
}

export interface BandPoint {
  readonly replicas: number;
  readonly fittedPerSec: number;
  readonly lowPerSec: number;
  readonly highPerSec: number;
}

export interface UslBand {
  readonly points: readonly BandPoint[] | undefined;
  readonly confidence: number;
  /** Why there is no band (too few points to estimate the fit's error). */
  readonly unavailable?: string;
}

/**
 * Confidence band on the fitted curve by residual bootstrap: refit to fitted + resampled residuals
 * (scaled by √(n/(n − 3)) for the three fitted parameters) and take percentiles of the predictions.
 * Needs at least 4 points: with 3 the curve passes through every point and its error is unknown.
 */
export function uslBand(
  points: readonly UslPoint[],
  fit: UslFit,
  replicas: readonly number[],
  options: { confidence?: number; resamples?: number; seed?: number } = {},
): UslBand {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  checkConfidence(confidence);
  if (fit.degreesOfFreedom < 1) {
    return { points: undefined, confidence, unavailable: `${points.length} points for 3 parameters: the fit has no residual error to resample` };
  }
  const resamples = options.resamples ?? 200;
  const random = randomStream(options.seed ?? DEFAULT_SEED, 31);
  const inflate = Math.sqrt(points.length / fit.degreesOfFreedom);
  const residuals = fit.residualsPerSec.map((r) => r * inflate);
  const fitted = points.map((p) => uslCapacity(fit, p.replicas));
  const predictions = replicas.map(() => [] as number[]);
  for (let b = 0; b < resamples; b++) {
    const synthetic = points.map((p, i) => ({
      replicas: p.replicas,
      capacityPerSec: Math.max(1e-9, fitted[i]! + residuals[Math.floor(random() * residuals.length)]!),
    }));
    const refit = fitUsl(synthetic);
    replicas.forEach((n, k) => predictions[k]!.push(uslCapacity(refit, n)));
  }
  return {
    confidence,
    points: replicas.map((n, k) => {
      const { low, high } = percentileInterval(predictions[k]!, confidence);
      return { replicas: n, fittedPerSec: uslCapacity(fit, n), lowPerSec: low, highPerSec: high };
    }),
  };
}
