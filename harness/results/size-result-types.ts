import type { ResolvedScenario, SloSpec } from '../config/resolved-scenario.js';
import type { HistogramSummary } from '../metrics/histogram.js';
import type { ErrorInfo, ReconciliationState, RunStatus } from './result-types.js';

/**
 * `results/<run-id>/size.json`, written by `mcp-lb-bench size`: per cell every step of its capacity
 * search (so reports can draw the curves), the capacity found or why there is none, the marginal cost
 * at capacity, and per model + policy + state the scalability fit over replica counts.
 */
export const SIZE_SCHEMA_VERSION = 1;

/** What held a step back: only `replicas` (or the balancer) is a finding; the others void the search. */
export type SizeLimiter = 'replicas' | 'balancer' | 'generator' | 'box';
/** `cost`: a step after the search, well below the answer, so the marginal-cost slope has a baseline. */
export type SizeStepPhase = 'grow' | 'descend' | 'bisect' | 'confirm' | 'confirm-above' | 'cost';
/** As harness/sizing/capacity-search.ts reports it. */
export type SizeSearchStatus = 'found' | 'invalid' | 'above-maximum' | 'below-minimum' | 'unconfirmed' | 'step-limit';

export interface SizeEstimate {
  readonly point: number;
  readonly low: number;
  readonly high: number;
}

export interface ThrottlingFigures {
  /** CFS periods in the step's measured window, and those in which the quota ran out. */
  readonly periods: number;
  readonly throttledPeriods: number;
  /** throttledPeriods / periods (0..1). */
  readonly throttledShare: number;
  /** Time the group was held back, ms. */
  readonly throttledMs: number;
}

/** One step of a search: one load at one rate on the cell's topology. */
export interface SizeStep {
  readonly index: number;
  readonly phase: SizeStepPhase;
  /** Sessions started per second (constant arrival rate). */
  readonly ratePerSec: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly startedAt: string;
  readonly sloMet: boolean;
  /** Each SLO limit the step broke, with the observed value. */
  readonly violations: readonly string[];
  /** Undefined when nothing saturated (or the step met the SLO and the generator kept up). */
  readonly limitedBy: SizeLimiter | undefined;
  readonly limiterReason: string;
  /** Limited by the replicas through CFS throttling while their mean CPU stayed below the cap. */
  readonly throttlingBound: boolean;
  readonly load: {
    readonly achievedPerSec: number;
    readonly attemptedPerSec: number;
    readonly measuredStarts: number;
    readonly dropped: number;
    readonly lateStarts: number;
  };
  readonly sessions: { readonly started: number; readonly ok: number; readonly recovered: number; readonly failed: number; readonly dropped: number };
  readonly requests: { readonly total: number; readonly failed: number };
  readonly errorRate: number | undefined;
  readonly failedSessionRate: number | undefined;
  /** The flow's key step (tool calls for `tools`), corrected latency from the intended send time. */
  readonly keyStep: string;
  readonly latency: HistogramSummary | undefined;
  /** Uncorrected p99 (from the actual send), for the gap queueing makes. */
  readonly uncorrectedP99Us: number | undefined;
  readonly cpu: {
    /** Each replica's mean CPU in the measured window, cores. */
    readonly replicaCores: readonly (number | undefined)[];
    readonly replicaCoresTotal: number | undefined;
    readonly balancerCores: number | undefined;
    /** The whole generator process. */
    readonly generatorCores: number | undefined;
    /** Every core of the machine, other work included. */
    readonly machineBusyCores: number | undefined;
    readonly machineStealCores: number | undefined;
    readonly machineCores: number | undefined;
    readonly usPerSession: number | undefined;
    readonly usPerCall: number | undefined;
  };
  /** Summed over the replicas, and per replica; undefined where the platform cannot read it. */
  readonly throttling: (ThrottlingFigures & { readonly perReplica: readonly (ThrottlingFigures | undefined)[] }) | undefined;
  readonly generator: { readonly saturated: boolean; readonly reasons: readonly string[] };
  readonly reconciliation: ReconciliationState | undefined;
  /** How the previous step's sessions were cleared before this one. */
  readonly isolation: { readonly sessionsLeft: number; readonly waitedMs: number; readonly restarted: boolean };
  /** Relative to the run folder: the step's latency histograms per second. */
  readonly hlogFile: string | undefined;
}

export interface SizeMarginalCost {
  readonly cpuUsPerSession: SizeEstimate;
  readonly cpuUsPerCall: SizeEstimate;
  readonly idleCores: SizeEstimate;
  readonly averageCpuUsPerSessionAtCapacity: number;
  readonly averageCpuUsPerCallAtCapacity: number;
  /** Cap of all replicas ÷ marginal CPU per session. */
  readonly predictedCapacityPerSec: SizeEstimate;
  /** Found ÷ predicted. */
  readonly capacityRatio: number;
  /**
   * (cap − intercept) ÷ marginal CPU per session: the line's intercept is CPU that does not scale with
   * the rate over the steps measured (per-request costs fall as requests batch), so the cap minus it is
   * what the marginal cost spends. Undefined when the intercept is at or above the cap.
   */
  readonly predictedNetCapacityPerSec: number | undefined;
  readonly netCapacityRatio: number | undefined;
  readonly stepsUsed: number;
}

/** `running`: the search was still going when the file was written (the run's status says whether it died). */
export type SizeCellStatus = 'running' | 'completed' | 'interrupted' | 'failed' | 'not-run';

export interface SizeCellResult {
  readonly index: number;
  readonly id: string;
  readonly model: string;
  readonly policy: string;
  readonly replicas: number;
  readonly flow: string;
  readonly store: string;
  readonly status: SizeCellStatus;
  readonly error?: ErrorInfo | undefined;
  readonly startedAt: string;
  readonly finishedAt: string | undefined;
  readonly balancer?: { readonly implementation: string; readonly version: string; readonly selectionReason: string } | undefined;
  readonly cpuCap: { readonly coresPerReplica: number; readonly periodUs: number };
  /** The uncapped warm-up of the fresh replicas before their cap (absent when sizing.replicaWarmup is 0). */
  readonly replicaWarmup?: {
    /** Sessions per second it achieved (closed loop, 4 clients per replica). */
    readonly ratePerSec: number;
    readonly durationMs: number;
    /** CPU per session over it, µs: what unoptimised code costs (compare with the search's). */
    readonly cpuUsPerSession: number | undefined;
    readonly replicaCoresTotal: number | undefined;
    readonly p99Us: number | undefined;
  } | undefined;
  readonly startRatePerSec: number;
  /** Why the search started where it did. */
  readonly startReason: string;
  readonly search?: {
    readonly status: SizeSearchStatus;
    /** Only when status is `found`. */
    readonly capacityPerSec: number | undefined;
    readonly lowerBoundPerSec: number | undefined;
    readonly upperBoundPerSec: number | undefined;
    readonly limitedBy: SizeLimiter | undefined;
    readonly reason: string;
  } | undefined;
  /** The step that bounds the answer from above (what broke), when there is one. */
  readonly boundary?: { readonly stepIndex: number; readonly limitedBy: SizeLimiter | undefined; readonly limiterReason: string; readonly throttlingBound: boolean } | undefined;
  /** The longest passing step at the answer (a confirmation run when the search got that far). */
  readonly atCapacity?: { readonly stepIndex: number; readonly p99Us: number | undefined; readonly throttledShare: number | undefined; readonly replicaCoresMean: number | undefined } | undefined;
  readonly marginalCost?: SizeMarginalCost | undefined;
  /** Why there is no marginal cost (too few passing steps, no CPU figures). */
  readonly marginalCostUnavailable?: string | undefined;
  readonly steps: readonly SizeStep[];
  /** Topology starts for this cell: the first, plus one per restart between steps. */
  readonly topology: { readonly starts: number; readonly replicaRestarts: number; readonly startMs: number | undefined };
}

export interface SizeFitCurvePoint {
  readonly replicas: number;
  readonly fittedPerSec: number;
  readonly lowPerSec?: number | undefined;
  readonly highPerSec?: number | undefined;
}

/** Capacity over replica counts for one model + policy + flow + store, with the USL fit. */
export interface SizeFit {
  /** e.g. "stateless.round-robin" (flow and store appear when they are not the defaults). */
  readonly id: string;
  readonly model: string;
  readonly policy: string;
  readonly flow: string;
  readonly store: string;
  readonly points: readonly { readonly replicas: number; readonly capacityPerSec: number; readonly cellId: string }[];
  /** Cells of the group without a capacity to fit, and why. */
  readonly leftOut: readonly { readonly cellId: string; readonly replicas: number; readonly reason: string }[];
  readonly fit?: {
    readonly lambdaPerSec: number;
    readonly sigma: number;
    readonly kappa: number;
    readonly rSquared: number;
    readonly residualsPerSec: readonly number[];
    readonly degreesOfFreedom: number;
    readonly peakReplicas: number | undefined;
    /** +∞ is written as null in JSON. */
    readonly maxCapacityPerSec: number | null;
  } | undefined;
  /** Why there is no fit (fewer than 2 replica counts with a capacity). */
  readonly unavailable?: string | undefined;
  readonly band: { readonly confidence: number; readonly unavailable?: string | undefined };
  /** The fitted curve (and band) at 1 .. a few past the largest count measured. */
  readonly curve: readonly SizeFitCurvePoint[];
  /** Capacity per replica at N relative to N × the capacity at the smallest count (1 = linear). */
  readonly efficiency: readonly { readonly replicas: number; readonly efficiency: number }[];
  readonly replicasNeeded?: {
    readonly targetPerSec: number;
    readonly reachable: boolean;
    readonly replicas?: number | undefined;
    readonly predictedCapacityPerSec?: number | undefined;
    readonly maxCapacityPerSec?: number | null | undefined;
    readonly reason?: string | undefined;
  } | undefined;
}

export interface SizeSettings {
  readonly quick: boolean;
  readonly slo: SloSpec;
  readonly cpuCap: { readonly coresPerReplica: number; readonly periodUs: number };
  readonly search: {
    readonly startRatePerSecPerReplica: number;
    readonly maxRatePerSec: number;
    readonly growthFactor: number;
    readonly precision: number;
    readonly stepMs: number;
    readonly stepWarmupMs: number;
    /** Uncapped warm-up of a cell's fresh replicas before the cap and the search (0: none). */
    readonly replicaWarmupMs: number;
    readonly confirmMs: number;
    readonly settleTimeoutMs: number;
  };
  readonly targetPerSec: number | undefined;
  /** How one step's sessions are kept out of the next (said in the output too). */
  readonly stepIsolation: string;
  /** Thresholds of the step judge (harness/sizing/step-judge.ts). */
  readonly limits: Readonly<Record<string, number>>;
}

export interface SizeResult {
  readonly schemaVersion: number;
  readonly kind: 'size';
  readonly tool: { readonly name: 'mcp-lb-bench'; readonly version: string; readonly gitSha: string | undefined; readonly gitDirty: boolean | undefined };
  readonly runId: string;
  readonly status: RunStatus;
  readonly error?: ErrorInfo | undefined;
  readonly startedAt: string;
  readonly finishedAt: string | undefined;
  readonly durationMs: number | undefined;
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, unknown>>;
  readonly software: Readonly<Record<string, string>>;
  readonly scenario: ResolvedScenario;
  readonly settings: SizeSettings;
  readonly cells: readonly SizeCellResult[];
  readonly fits: readonly SizeFit[];
  readonly warnings: readonly string[];
}
