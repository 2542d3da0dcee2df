/**
 * One interface per executor (k6 style): a pure `plan()` that can be printed with --dry-run, and a
 * `run()` that starts sessions on its own timeline and honours the abort signal.
 */
export interface ExecutorPlan {
  readonly executor: string;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Open model only. */
  readonly targetSessionsPerSec: number | undefined;
  /** Open model only: exact number of starts the schedule makes (warm-up + measured). */
  readonly scheduledSessions: number | undefined;
  readonly scheduledMeasuredSessions: number | undefined;
  /** Closed model only. */
  readonly clients: number | undefined;
  readonly description: string;
}

export interface ExecutorRunContext {
  /** Runs one session to its end; must not reject. */
  runSession(index: number, intendedStartMs: number, measured: boolean): Promise<void>;
  readonly signal: AbortSignal;
  /** Sessions still running this long after the last start are aborted (their requests fail as "aborted"). */
  readonly drainTimeoutMs: number;
  /** Aborts every in-flight session (used when draining times out). */
  abortSessions(): void;
}

export interface ExecutorReport {
  /** performance.now() clock. */
  readonly startMs: number;
  readonly measureStartMs: number;
  readonly measureEndMs: number;
  readonly endMs: number;
  readonly sessionsScheduled: number | undefined;
  readonly sessionsStarted: number;
  readonly sessionsStartedMeasured: number;
  /**
   * Measured starts per second over the time they actually took to make: a generator that falls
   * behind its schedule spreads the starts past the window and this drops below the target.
   */
  readonly achievedSessionsPerSec: number;
  /** Like achievedSessionsPerSec but counting dropped starts too: how well the generator kept its schedule. */
  readonly attemptedSessionsPerSec: number;
  /** Starts skipped because maxInFlightSessions sessions were already running. */
  readonly dropped: number;
  /** Starts made more than LATE_START_MS after their due time (the generator could not keep up). */
  readonly lateStarts: number;
  readonly maxStartLagMs: number;
  /** Sessions aborted because they were still running at the drain deadline. */
  readonly abortedAtDrain: number;
  readonly interrupted: boolean;
}

/** A start this late counts as late: well above timer jitter, well below any latency we report on. */
export const LATE_START_MS = 5;

export interface Executor {
  plan(): ExecutorPlan;
  run(ctx: ExecutorRunContext): Promise<ExecutorReport>;
}
