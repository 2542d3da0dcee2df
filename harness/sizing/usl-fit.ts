import { levenbergMarquardt } from 'ml-levenberg-marquardt';

/**
 * Universal Scalability Law (N. Gunther): X(N) = λN / (1 + σ(N − 1) + κN(N − 1)), with λ the
 * throughput of one replica, σ contention (serialised work), κ coherency (cross-replica
 * coordination, e.g. a shared store). Fitted by least squares on X with σ, κ ≥ 0.
 */
export interface UslPoint {
  readonly replicas: number;
  readonly capacityPerSec: number;
}

export interface UslParameters {
  readonly lambdaPerSec: number;
  readonly sigma: number;
  readonly kappa: number;
}

export interface UslFit extends UslParameters {
  /** Observed − fitted capacity, per input point, in the input's order. */
  readonly residualsPerSec: readonly number[];
  readonly rSquared: number;
  /** Points − 3. At 0 the curve passes through every point and says nothing about its own error. */
  readonly degreesOfFreedom: number;
  /** N* = √((1 − σ)/κ), at least 1, where capacity peaks; undefined when κ = 0 (no peak: it approaches λ/σ). */
  readonly peakReplicas: number | undefined;
  /** X(N*) for κ > 0, λ/σ for κ = 0 < σ, +∞ for linear scaling. */
  readonly maxCapacityPerSec: number;
}

export function uslCapacity(p: UslParameters, replicas: number): number {
  return (p.lambdaPerSec * replicas) / (1 + p.sigma * (replicas - 1) + p.kappa * replicas * (replicas - 1));
}

/**
 * Fits λ, σ, κ. Starts from Gunther's linearisation (λ₀N/X − 1 = σ(N − 1) + κN(N − 1), a regression
 * through the origin) and refines with mljs' Levenberg-Marquardt on the capacities themselves (analytic
 * Jacobian, bounds σ, κ ∈ [0, 1]), in units of the largest capacity so the damping is well scaled;
 * also tries κ = 0 and σ = 0 starts and keeps the least squared error.
 */
export function fitUsl(points: readonly UslPoint[]): UslFit {
  checkPoints(points);
  const scale = Math.max(...points.map((p) => p.capacityPerSec));
  const x = points.map((p) => p.replicas);
  const y = points.map((p) => p.capacityPerSec / scale);
  const starts = initialGuesses(x, y);
  let best: { params: number[]; sse: number } | undefined;
  for (const start of starts) {
    const params = refine(x, y, start);
    const sse = squaredError(x, y, params);
    if (best === undefined || sse < best.sse - 1e-15) best = { params, sse };
  }
  const [lambda, sigma, kappa] = best!.params as [number, number, number];
  // The bounded optimiser leaves round-off (~1e-18) where a coefficient belongs on its bound.
  const snap = (v: number): number => (v < 1e-9 ? 0 : v);
  return describeFit(points, { lambdaPerSec: lambda * scale, sigma: snap(sigma), kappa: snap(kappa) });
}

/** The fit's summary figures for given parameters (also used for bootstrap refits). */
export function describeFit(points: readonly UslPoint[], p: UslParameters): UslFit {
  const residualsPerSec = points.map((pt) => pt.capacityPerSec - uslCapacity(p, pt.replicas));
  const meanY = points.reduce((s, pt) => s + pt.capacityPerSec, 0) / points.length;
  const sst = points.reduce((s, pt) => s + (pt.capacityPerSec - meanY) ** 2, 0);
  const sse = residualsPerSec.reduce((s, r) => s + r * r, 0);
  // A fleet has at least one replica: with σ near 1 the unconstrained peak falls below it (at 0 the formula is 0/0).
  const peakReplicas = p.kappa > 0 ? Math.max(1, Math.sqrt((1 - p.sigma) / p.kappa)) : undefined;
  const maxCapacityPerSec =
    peakReplicas !== undefined
      ? uslCapacity(p, peakReplicas)
      : p.sigma > 0
        ? p.lambdaPerSec / p.sigma
        : Number.POSITIVE_INFINITY;
  return {
    ...p,
    residualsPerSec,
    rSquared: sst === 0 ? 1 : 1 - sse / sst,
    degreesOfFreedom: points.length - 3,
    peakReplicas,
    maxCapacityPerSec,
  };
}

function checkPoints(points: readonly UslPoint[]): void {
  if (points.length < 2) throw new RangeError(`a scalability fit needs capacities at 2 or more replica counts (got ${points.length})`);
  for (const [i, p] of points.entries()) {
    if (!(Number.isFinite(p.replicas) && p.replicas >= 1)) throw new RangeError(`points[${i}].replicas must be ≥ 1 (got ${p.replicas})`);
    if (!(Number.isFinite(p.capacityPerSec) && p.capacityPerSec > 0)) {
      throw new RangeError(`points[${i}].capacityPerSec must be > 0 (got ${p.capacityPerSec})`);
    }
  }
  if (new Set(points.map((p) => p.replicas)).size < 2) throw new RangeError('the points need at least 2 different replica counts');
}

function initialGuesses(x: readonly number[], y: readonly number[]): number[][] {
  const one = x.indexOf(Math.min(...x));
  // λ₀: the per-replica capacity at the smallest count (exact when that count is 1).
  const lambda0 = y[one]! / x[one]!;
  // z = λ₀N/X − 1 = σ·a + κ·b with a = N − 1, b = N(N − 1): 2×2 normal equations without intercept.
  let saa = 0, sab = 0, sbb = 0, saz = 0, sbz = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]! - 1;
    const b = x[i]! * (x[i]! - 1);
    const z = (lambda0 * x[i]!) / y[i]! - 1;
    saa += a * a; sab += a * b; sbb += b * b; saz += a * z; sbz += b * z;
  }
  const det = saa * sbb - sab * sab;
  const sigma0 = det > 1e-12 ? (saz * sbb - sbz * sab) / det : saa > 0 ? saz / saa : 0;
  const kappa0 = det > 1e-12 ? (sbz * saa - saz * sab) / det : 0;
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  return [
    [lambda0, clamp(sigma0), clamp(kappa0)],
    [lambda0, clamp(saa > 0 ? saz / saa : 0), 0],
    [lambda0, 0, clamp(sbb > 0 ? sbz / sbb : 0)],
  ];
}

function refine(x: readonly number[], y: readonly number[], start: number[]): number[] {
  const result = levenbergMarquardt(
    { x, y },
    ([l, s, k]) => (n) => (l! * n) / (1 + s! * (n - 1) + k! * n * (n - 1)),
    {
      initialValues: start,
      minValues: [1e-12, 0, 0],
      maxValues: [1e6, 1, 1],
      maxIterations: 100,
      errorTolerance: 0,
      jacobianFunction: ([l, s, k]) => (n) => {
        const d = 1 + s! * (n - 1) + k! * n * (n - 1);
        return [n / d, (-l! * n * (n - 1)) / (d * d), (-l! * n * n * (n - 1)) / (d * d)];
      },
    },
  );
  return result.parameterValues;
}

function squaredError(x: readonly number[], y: readonly number[], [l, s, k]: number[]): number {
  let sse = 0;
  for (let i = 0; i < x.length; i++) sse += (y[i]! - uslCapacity({ lambdaPerSec: l!, sigma: s!, kappa: k! }, x[i]!)) ** 2;
  return sse;
}
