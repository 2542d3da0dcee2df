import type { ContainerResources } from '../faults/container-faults.js';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import type { ExecutorPlan } from '../load/executor.js';
import type { CellMetricsSnapshot } from '../metrics/cell-recorder.js';
import type { IntervalPoint } from '../metrics/interval-series.js';
import type { MisrouteCount } from '../balancers/pool-assignment.js';
import type { FaultReport } from '../faults/fault-schedule.js';
import type { StoreReport } from '../run/cell-state.js';
import type { GeneratorLag } from '../run/saturation.js';
import type { ThreadHealth } from '../run/thread-health.js';
import type { Reconciliation } from '../run/reconcile.js';
import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';

/** Bumped whenever a field changes meaning or disappears; readers refuse versions they do not know. */
export const RESULT_SCHEMA_VERSION = 1;

export type CellStatus = 'completed' | 'interrupted' | 'failed';

export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details?: readonly string[] | undefined;
}

export interface CellLoadReport {
  readonly executor: string;
  readonly unit: 'sessions' | 'requests';
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Measured window as it actually ran, from its start to the last measured start's end. */
  readonly actualMeasuredMs: number;
  readonly scheduledStarts: number | undefined;
  readonly starts: number;
  readonly measuredStarts: number;
  /** Open model: the target rate (ramping: the mean scheduled rate over the measured window). */
  readonly targetPerSec: number | undefined;
  readonly achievedPerSec: number;
  /** Includes dropped starts: how well the generator kept its schedule. */
  readonly attemptedPerSec: number;
  readonly achievedRequestsPerSec: number;
  readonly dropped: number;
  /** Starts the generator itself made late (> 5 ms after their due time). */
  readonly lateStarts: number;
  readonly maxStartLagMs: number;
  /**
   * Open model: how late the generator made its starts. Node timers have 1 ms granularity, so starts
   * come up to ~1 ms after their due time even on an idle generator; that lag is part of the corrected
   * latency (as in wrk2), and this says how much of it is the generator's.
   */
  readonly startLag: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number } | undefined;
  /** unit requests: starts that waited for a free client session (the coordinated-omission case). */
  readonly queuedForClient: { readonly count: number; readonly maxWaitMs: number };
  readonly abortedAtDrain: number;
  /** What latency is measured from: the schedule (open model) or the actual send (closed loop). */
  readonly latencyReference: 'intended-send-time' | 'actual-send-time';
}

export interface GeneratorReport {
  /** 0 = the main thread generated the load. */
  readonly workers: number;
  /** Whole generator process (every thread, GC included). */
  readonly processCpuUs: number;
  readonly processCpuPctOfOneCore: number;
  readonly cpuUsPerRequest: number | undefined;
  /** The harness process's CPU (every thread, orchestration included) over the replicas' measured window. */
  readonly windowCpuUs: number;
  /** windowCpuUs ÷ the replicas' CPU in the same window, %: what measuring cost next to what was measured. */
  readonly cpuPctOfReplicas: number | undefined;
  /** One per generating thread: its own CPU, lag and per-second CPU and loop utilisation. */
  readonly threads: readonly ThreadHealth[];
  readonly saturated: boolean;
  readonly saturationReasons: readonly string[];
  /** How late the generator's own starts and timers ran in the measured window, and its share of the reported p50. */
  readonly lag: GeneratorLag | undefined;
  /** Dropped or queued starts: the schedule offered load the system did not take. */
  readonly loadNotDelivered: boolean;
  readonly loadNotDeliveredReasons: readonly string[];
}

export interface ReplicaReport {
  readonly id: string;
  readonly pid: number;
  readonly sdk: Readonly<Record<string, string>>;
  /** Requests the replica itself counted over the whole cell (warm-up included). */
  readonly requests: number;
  readonly sharePct: number;
  readonly counts: CountsByMethodAndStatus;
  /** Requests served, CPU used, and their ratio within the measured window (after warm-up). */
  readonly measuredWindowRequests: number | undefined;
  readonly cpuUs: number | undefined;
  readonly cpuUsPerRequest: number | undefined;
  readonly rssBytes: number | undefined;
  readonly sessions?: { readonly created: number; readonly closed: number; readonly active: number } | undefined;
}

export interface CellResult {
  readonly index: number;
  readonly id: string;
  readonly model: string;
  readonly policy: string;
  readonly replicas: number;
  readonly flow: string;
  readonly store: string;
  readonly status: CellStatus;
  readonly error?: ErrorInfo | undefined;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly plan: ExecutorPlan;
  readonly balancer?: {
    readonly implementation: string;
    readonly version: string;
    readonly selectionReason: string;
    /** Relative to the run folder. */
    readonly configFile: string | undefined;
    /** Balancer CPU within the measured window, and per request the replicas served in it. */
    readonly cpuUs: number | undefined;
    readonly cpuUsPerRequest: number | undefined;
  } | undefined;
  readonly load?: CellLoadReport | undefined;
  readonly metrics?: CellMetricsSnapshot | undefined;
  readonly replicaReports?: readonly ReplicaReport[] | undefined;
  readonly generator?: GeneratorReport | undefined;
  readonly reconciliation?: Reconciliation | undefined;
  /** Per second of load: throughput, errors, 404s and latency (the .hlog beside result.json has the full histograms). */
  readonly timeSeries?: readonly IntervalPoint[] | undefined;
  /** Relative to the run folder. */
  readonly hlogFile?: string | undefined;
  /** Shared-store traffic in the measured window (cells whose replicas use one). */
  readonly storeTraffic?: StoreReport | undefined;
  /** route-by-* cells: tool calls a replica outside the tool's pool served. */
  readonly misroutes?: MisrouteCount | undefined;
  readonly faults?: readonly FaultReport[] | undefined;
  /** platform docker: each container's cumulative CPU and its memory (Docker stats API) when the load ended. */
  readonly containers?: readonly ContainerResources[] | undefined;
  /** Wall time to start the cell's topology (replicas, balancer, store) until all answered their readiness probes, and to tear it down. */
  readonly topology?: { readonly startMs: number; readonly stopMs: number } | undefined;
}

/** "running" is what a results file says when the harness died before its final write. */
export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

export interface RunResult {
  readonly schemaVersion: number;
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
  readonly cells: readonly CellResult[];
  readonly warnings: readonly string[];
}
