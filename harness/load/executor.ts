import { decodeHistogram, mergeInto, summarize } from '../metrics/histogram.js';
import type { DueQueue } from './due-queue.js';

/**
 * One interface per executor (k6 style): a pure `plan()` that can be printed with --dry-run, and a
 * `run()` that starts work on its own timeline and honours the abort signal. An executor decides only
 * *when* each start happens; what a start does (a session, or one request) is the slot handler's job.
 */
export interface ExecutorPlan {
  readonly executor: string;
  readonly unit: 'sessions' | 'requests';
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Open model: the rate achieved starts are compared with (constant: the rate; ramping: the mean over the measured window). */
  readonly targetPerSec: number | undefined;
  /** Open model only: exact number of starts the schedule makes (warm-up + measured). */
  readonly scheduledStarts: number | undefined;
  readonly scheduledMeasuredStarts: number | undefined;
  /** Closed model, or the long-lived clients of unit requests. */
  readonly clients: number | undefined;
  readonly description: string;
}

/** Which part of the work this thread does: start i belongs to share i mod count. */
export interface LoadShare {
  readonly index: number;
  readonly count: number;
}

export interface ExecutorRunContext {
  /** Runs one start to its end; must not reject. */
  runSlot(index: number, intendedMs: number, measured: boolean): Promise<void>;
  /** A start the schedule offered that could not be made (maxInFlight starts running): offered, not delivered. */
  onDropped(index: number, intendedMs: number, measured: boolean): void;
  /** The thread's one timer: every wait goes through it (never early; its lateness is the generator's lag). */
  readonly timers: DueQueue;
  readonly signal: AbortSignal;
  readonly share: LoadShare;
  /** When the load starts, on this thread's performance.now() clock (the same instant for every share). */
  readonly startAtMs: number;
  /** Work still running this long after the last start is aborted (its requests fail as "aborted"). */
  readonly drainTimeoutMs: number;
  /** Aborts every in-flight start (used when draining times out). */
  abortInFlight(): void;
}

/** What one share's executor did; shares' reports are merged with `mergeExecutorReports`. */
export interface ExecutorReport {
  readonly starts: number;
  readonly measuredStarts: number;
  /** Measured starts the schedule offered (made or dropped). */
  readonly measuredAttempts: number;
  /** When the last measured start was attempted, ms after the measured window opened (open model). */
  readonly lastMeasuredAttemptMs: number;
  /** Starts skipped because maxInFlight starts were already running. */
  readonly dropped: number;
  /** Starts made more than LATE_START_MS after their due time because the generator fell behind. */
  readonly lateStarts: number;
  readonly maxStartLagMs: number;
  /** How late every start was made (µs, HDR compressed base64): the generator's own share of the corrected latency. */
  readonly startLagHdr: string | undefined;
  /** Starts still running at the drain deadline, then aborted. */
  readonly abortedAtDrain: number;
  /** performance.now() when the last start ended (this thread's clock). */
  readonly endMs: number;
  readonly interrupted: boolean;
}

/** A start this late counts as late: well above timer jitter, well below any latency we report on. */
export const LATE_START_MS = 5;

export interface Executor {
  plan(): ExecutorPlan;
  run(ctx: ExecutorRunContext): Promise<ExecutorReport>;
}

export interface MergedExecutorReport extends Omit<ExecutorReport, 'endMs' | 'lastMeasuredAttemptMs' | 'measuredAttempts' | 'startLagHdr'> {
  /** Open model: how late starts were made (ms); undefined for the closed model. */
  readonly startLag: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number } | undefined;
  readonly scheduledStarts: number | undefined;
  /** Measured starts per second over the time they actually took to make. */
  readonly achievedPerSec: number;
  /** Like achievedPerSec but counting dropped starts too: how well the generator kept its schedule. */
  readonly attemptedPerSec: number;
}

export function mergeExecutorReports(reports: readonly ExecutorReport[], plan: ExecutorPlan): MergedExecutorReport {
  const sum = (f: (r: ExecutorReport) => number): number => reports.reduce((n, r) => n + f(r), 0);
  const measuredStarts = sum((r) => r.measuredStarts);
  const attempts = sum((r) => r.measuredAttempts);
  // On schedule, the last measured start comes one period before the window closes.
  const periodMs = plan.targetPerSec ? 1000 / plan.targetPerSec : 0;
  const spanMs = Math.max(plan.durationMs, Math.max(0, ...reports.map((r) => r.lastMeasuredAttemptMs)) + periodMs);
  const lags = reports.map((r) => r.startLagHdr).filter((h): h is string => h !== undefined);
  let startLag: MergedExecutorReport['startLag'];
  if (lags.length > 0) {
    const h = decodeHistogram(lags[0] as string);
    for (const other of lags.slice(1)) mergeInto(h, decodeHistogram(other));
    const s = summarize(h);
    if (s) startLag = { p50Ms: s.p50Us / 1000, p99Ms: s.p99Us / 1000, maxMs: s.maxUs / 1000 };
  }
  return {
    startLag,
    starts: sum((r) => r.starts),
    measuredStarts,
    scheduledStarts: plan.scheduledStarts,
    dropped: sum((r) => r.dropped),
    lateStarts: sum((r) => r.lateStarts),
    maxStartLagMs: Math.max(0, ...reports.map((r) => r.maxStartLagMs)),
    abortedAtDrain: sum((r) => r.abortedAtDrain),
    interrupted: reports.some((r) => r.interrupted),
    achievedPerSec: plan.scheduledStarts === undefined ? (measuredStarts / plan.durationMs) * 1000 : (measuredStarts / spanMs) * 1000,
    attemptedPerSec: plan.scheduledStarts === undefined ? (measuredStarts / plan.durationMs) * 1000 : (attempts / spanMs) * 1000,
  };
}
