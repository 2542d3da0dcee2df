import type { ResolvedScenario } from '../config/resolved-scenario.js';
import type { ExecutorPlan } from '../load/executor.js';
import type { CellMetricsSnapshot } from '../metrics/cell-recorder.js';
import type { IntervalPoint } from '../metrics/interval-series.js';
import type { MisrouteCount } from '../balancers/pool-assignment.js';
import type { CountsGranularity } from '../balancers/balancer.js';
import type { FaultReport } from '../faults/fault-schedule.js';
import type { ContainerResources, IncarnationRecord } from '../platform/platform.js';
import type { RepetitionReport } from './repetition-types.js';
import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';

/** Shared-store traffic of a cell in its measured window. */
export interface StoreReport {
  /** Store commands the replicas sent in the measured window, and per request they served in it. */
  readonly ops: number;
  readonly opsPerRequest: number | undefined;
  readonly errors: number;
  /** Requests the replicas answered with "store unavailable". */
  readonly unavailableResponses: number;
  /** Mean store round trip (µs) over the measured window, failed ones included. */
  readonly meanRoundTripUs: number | undefined;
}

/** One interval of one generator thread. */
export interface ThreadSecond {
  readonly second: number;
  readonly durationMs: number;
  /** This thread's CPU in the interval, % of one core; undefined where the OS does not say. */
  readonly cpuPct: number | undefined;
  /** Event-loop utilisation: % of the interval the loop was running code rather than waiting for events. */
  readonly busyPct: number;
}

export interface ThreadHealth {
  /** CPU of this generator thread (its JavaScript) over its share of the load, µs; undefined where the OS does not say. */
  readonly threadCpuUs: number | undefined;
  readonly wallMs: number;
  readonly threadCpuPctOfOneCore: number | undefined;
  /**
   * How late this thread's timers and scheduled starts ran (the generator's lag, ms): what an
   * event-loop delay monitor measures, taken from the thread's real waits instead of a sampling timer.
   */
  readonly eventLoopDelay: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  /** Per interval (the same seconds as the time series): CPU and event-loop utilisation. */
  readonly seconds: readonly ThreadSecond[];
}

export interface GeneratorLag {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** p99 lag ÷ the reported p50 latency, %; undefined when nothing was reported. */
  readonly p99ShareOfReportedP50Pct: number | undefined;
}

/** One (replica, method, status) whose client and replica counts differ. */
export interface Mismatch {
  readonly replica: string;
  readonly method: string;
  readonly status: string;
  readonly client: number;
  readonly server: number;
}

/**
 * The client's counts against the replicas' own, and what that comparison can say:
 * - `reconciled`: every (replica, method, status) count the client saw equals the replica's own count;
 * - `not-reconciled`: there was nothing (or not everything) to compare with — no replica counts (platform
 *   external without `target.replicas`), or a replica that died without reporting its final counts
 *   (compared up to its last read); `reasons` says which;
 * - `mismatch`: counts that should be equal differ (`mismatches`): the cell's numbers are suspect.
 */
export type ReconciliationState = 'reconciled' | 'not-reconciled' | 'mismatch';

export interface Reconciliation {
  readonly state: ReconciliationState;
  /** Why the state is not `reconciled` (one line each); empty when it is. */
  readonly reasons: readonly string[];
  readonly clientTotal: number;
  readonly serverTotal: number;
  /** Client-side totals by status, summed over replicas, next to the replicas' sum. */
  readonly byStatus: Readonly<Record<string, { readonly client: number; readonly server: number }>>;
  readonly mismatches: readonly Mismatch[];
  /** Requests the balancer answered itself or nobody answered: they have no replica counterpart. */
  readonly unattributed: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;
  /** Replicas compared only up to their last read (they died without a final report), with the requests that are missing from their counts. */
  readonly incomplete: readonly { readonly replica: string; readonly missingRequests: number }[];
  /**
   * What the client's counts were compared with: each replica's own counts (the reference servers), or
   * the balancer's per-replica counts (your own server), at their granularity (the client's counts are
   * added up to it: by verb, or by status class alone). Absent in results written before it existed.
   */
  readonly source?: ReconciliationSource | undefined;
}

export interface ReconciliationSource {
  readonly kind: 'replicas' | 'balancer';
  readonly granularity: CountsGranularity;
  /** e.g. "HAProxy stats (hrsp_1xx..5xx per server)". */
  readonly detail: string;
}

/** Bumped whenever a field changes meaning or disappears; readers refuse versions they do not know. */
export const RESULT_SCHEMA_VERSION = 2;
// 2: reconciliation.matched (true even when there was nothing to compare) became reconciliation.state + reasons;
//    replica and balancer CPU moved from replicaReports[].cpuUs/cpuUsPerRequest and balancer.cpuUs/cpuUsPerRequest
//    to `cost` (per request, per tool call, per session, utilisation).

/** `not-run`: the cell could not run here (no balancer can express its policy on this platform, a missing binary); `error` says why. */
export type CellStatus = 'completed' | 'interrupted' | 'failed' | 'not-run';

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
  /** Its CPU, utilisation and request rate in the measured window are in the cell's `cost.perReplica`. */
  readonly rssBytes: number | undefined;
  readonly sessions?: { readonly created: number; readonly closed: number; readonly active: number } | undefined;
  /** How each incarnation ended and where its counts come from (a replica restarted or killed mid-cell has several). */
  readonly incarnations?: readonly IncarnationRecord[] | undefined;
}

export interface CellResult {
  readonly index: number;
  readonly id: string;
  readonly model: string;
  readonly policy: string;
  readonly replicas: number;
  readonly flow: string;
  readonly store: string;
  /** The client profile, when the matrix lists profiles (matrix.profile); else client.profile says (clientProfile). */
  readonly profile?: string | undefined;
  /** The client profile this cell ran with (sdk or spec); absent in results written before profiles existed (spec). */
  readonly clientProfile?: string | undefined;
  /**
   * Legacy cells: what the target answers for an unknown session (measured before the run, or set by
   * client.lostSessionStatus), counted as a lost session; `conforming` = the spec's 404.
   */
  readonly lostSession?: LostSessionReport | undefined;
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
  /** Server and balancer CPU per request, per tool call and per logical session, and utilisation, in the measured window. */
  readonly cost?: CellCost | undefined;
  /** Shared-store traffic in the measured window (cells whose replicas use one). */
  readonly storeTraffic?: StoreReport | undefined;
  /** route-by-* cells: tool calls a replica outside the tool's pool served. */
  readonly misroutes?: MisrouteCount | undefined;
  readonly faults?: readonly FaultReport[] | undefined;
  /** load.repetitions > 1: each repetition's figures and the medians with intervals (the rest of the cell merges them). */
  readonly repetitions?: RepetitionReport | undefined;
  /** Replicas or the balancer dying mid-cell without a scheduled fault: the cell's numbers include what followed. */
  readonly events?: readonly CellEvent[] | undefined;
  /** platform docker: each container's cumulative CPU and its memory (Docker stats API) when the load ended. */
  readonly containers?: readonly ContainerResources[] | undefined;
  /** Wall time to start the cell's topology (replicas, balancer, store) until all answered their readiness probes, and to tear it down. */
  readonly topology?: { readonly startMs: number; readonly stopMs: number } | undefined;
}

export interface LostSessionReport {
  readonly status: number;
  readonly code?: number | undefined;
  readonly message?: string | undefined;
  /** `measured`: the preflight's unknown-session request; `client.lostSessionStatus`: set by the scenario; `reference server`: the harness's own option. */
  readonly source: 'measured' | 'client.lostSessionStatus' | 'reference server';
  readonly conforming: boolean;
}

/** A death nobody scheduled, on the cell's load timeline, with what followed it. */
export interface CellEvent {
  readonly target: 'replica' | 'balancer';
  readonly replicaId?: string | undefined;
  /** e.g. "killed by SIGKILL", "container exited with code 137 (signal 9, SIGKILL)". */
  readonly detail: string;
  /** ms after the load started (warm-up included). */
  readonly atMs: number;
  /** Requests and sessions that failed from that second to the end of the load, and the failure rate per second before it. */
  readonly failedRequestsAfter: number;
  readonly failedSessionsAfter: number;
  readonly failedRequestsPerSecBefore: number;
}

/** CPU in one unit set: the figure a capacity plan needs is per session or per call, not per HTTP request. */
export interface CostFigures {
  /** CPU used in the window, µs. */
  readonly cpuUs: number | undefined;
  /** Mean CPU utilisation over the window, in cores (1 = one core busy all the time). */
  readonly cores: number | undefined;
  readonly usPerRequest: number | undefined;
  readonly usPerCall: number | undefined;
  readonly usPerSession: number | undefined;
}

/** What the servers and the balancer spent in the measured window, at the cell's rate (see run/cell-cost.ts). */
export interface CellCost {
  /** From the end of warm-up to the end of the load, drain included. */
  readonly windowMs: number;
  /** `cgroup`: cgroup cpuacct (ns, every thread); `container`: the container's cgroup; `proc`: /proc schedstat (ns) or stat ticks (10 ms); `none`: not measurable here. */
  readonly cpuSource: 'cgroup' | 'container' | 'proc' | 'none';
  /** Requests and tool calls the replicas served in the window (their own counts). */
  readonly requests: number | undefined;
  readonly toolCalls: number | undefined;
  /** Requests the measured sessions sent per session (client counts). */
  readonly requestsPerSession: number | undefined;
  readonly replicas: CostFigures;
  readonly balancer: CostFigures;
  /** Each replica's CPU, utilisation and request rate in the window, in replica order. */
  readonly perReplica: readonly { readonly cpuUs: number | undefined; readonly cores: number | undefined; readonly requestsPerSec: number | undefined }[];
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
