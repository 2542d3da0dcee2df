import type { ResolvedScenario } from '../config/resolved-scenario.js';
import type { ExecutorPlan } from '../load/executor.js';
import type { CellMetricsSnapshot } from '../metrics/cell-recorder.js';
import type { GeneratorHealth } from '../run/generator-monitor.js';
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
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Measured window as it actually ran, from its start to the last measured session's end. */
  readonly actualMeasuredMs: number;
  readonly sessionsScheduled: number | undefined;
  readonly sessionsStarted: number;
  readonly sessionsStartedMeasured: number;
  readonly targetSessionsPerSec: number | undefined;
  readonly achievedSessionsPerSec: number;
  readonly achievedRequestsPerSec: number;
  readonly dropped: number;
  readonly lateStarts: number;
  readonly maxStartLagMs: number;
  readonly abortedAtDrain: number;
  /** What latency is measured from: the schedule (open model) or the actual send (closed loop). */
  readonly latencyReference: 'intended-send-time' | 'actual-send-time';
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
  readonly generator?: (GeneratorHealth & { readonly cpuUsPerRequest: number | undefined; readonly saturated: boolean; readonly saturationReasons: readonly string[] }) | undefined;
  readonly reconciliation?: Reconciliation | undefined;
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
