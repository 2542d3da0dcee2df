import { fitLine } from '../stats/linear-fit.js';
import type { Estimate } from '../stats/verdict.js';
import { invalidSetting } from '../stats/invalid-setting.js';

/** One search step's load and the replicas' CPU. */
export interface CostStep {
  readonly sessionRatePerSec: number;
  /** CPU used by all replicas together, in cores (CPU-seconds per second). */
  readonly cpuCores: number;
  /** Steps that broke the SLO are past the linear region and are left out of the slope. */
  readonly sloMet: boolean;
}

export interface MarginalCostInput {
  readonly steps: readonly CostStep[];
  /** The capacity the search found, sessions/s. */
  readonly capacityPerSec: number;
  /** Tool calls in one logical session (the workload defines it). */
  readonly callsPerSession: number;
  /** CPU cap of all replicas together, in cores (e.g. 3 replicas × 0.5). */
  readonly capCores: number;
  readonly confidence?: number;
}

export interface MarginalCost {
  /** Slope of replica CPU against session rate, µs of CPU per session, with its t-interval. */
  readonly cpuUsPerSession: Estimate;
  readonly cpuUsPerCall: Estimate;
  /** Intercept: CPU the replicas burn with no load, cores. */
  readonly idleCores: Estimate;
  /** CPU ÷ rate at the highest SLO-meeting step (includes the idle share), µs. */
  readonly averageCpuUsPerSessionAtCapacity: number;
  readonly averageCpuUsPerCallAtCapacity: number;
  /** capCores ÷ marginal CPU per session, sessions/s (interval from the slope's). */
  readonly predictedCapacityPerSec: Estimate;
  /** Found capacity ÷ predicted: near 1 when the cap, not latency, is what limits. */
  readonly capacityRatio: number;
  readonly stepsUsed: number;
}

/**
 * Marginal cost at capacity from a search's steps: least-squares slope of replica CPU over session
 * rate (steps that met the SLO, at or below the capacity), per session and per call, and the
 * cross-check capacity ≈ cap ÷ marginal CPU per session. The slope is the cost of one more session;
 * the average at capacity also carries idle and background CPU, so it is the larger of the two.
 */
export function marginalCost(input: MarginalCostInput): MarginalCost {
  if (!(input.capacityPerSec > 0)) throw invalidSetting(`capacityPerSec must be > 0 (got ${input.capacityPerSec})`);
  if (!(input.callsPerSession > 0)) throw invalidSetting(`callsPerSession must be > 0 (got ${input.callsPerSession})`);
  if (!(input.capCores > 0)) throw invalidSetting(`capCores must be > 0 (got ${input.capCores})`);
  const used = input.steps.filter((s) => s.sloMet && s.sessionRatePerSec <= input.capacityPerSec * (1 + 1e-9));
  if (new Set(used.map((s) => s.sessionRatePerSec)).size < 2) {
    throw new RangeError(`the slope needs SLO-meeting steps at 2 or more rates up to the capacity (got ${used.length})`);
  }
  const line = fitLine(
    used.map((s) => s.sessionRatePerSec),
    used.map((s) => s.cpuCores),
    input.confidence,
  );
  const perSession = scale(line.slope, 1e6);
  const perCall = scale(perSession, 1 / input.callsPerSession);
  const top = used.reduce((a, b) => (b.sessionRatePerSec > a.sessionRatePerSec ? b : a));
  const averagePerSession = (top.cpuCores / top.sessionRatePerSec) * 1e6;
  const predicted = (slope: number): number => (slope > 0 ? input.capCores / slope : Number.POSITIVE_INFINITY);
  const predictedCapacityPerSec = { point: predicted(line.slope.point), low: predicted(line.slope.high), high: predicted(line.slope.low) };
  return {
    cpuUsPerSession: perSession,
    cpuUsPerCall: perCall,
    idleCores: line.intercept,
    averageCpuUsPerSessionAtCapacity: averagePerSession,
    averageCpuUsPerCallAtCapacity: averagePerSession / input.callsPerSession,
    predictedCapacityPerSec,
    capacityRatio: input.capacityPerSec / predictedCapacityPerSec.point,
    stepsUsed: used.length,
  };
}

function scale(e: Estimate, factor: number): Estimate {
  return { point: e.point * factor, low: e.low * factor, high: e.high * factor };
}
