import type { FailureClassCounts } from '../metrics/failure-classes.js';
import type { FaultKind } from './fault-spec.js';

/** One target's part of a fault (a replica of a rolling restart, a replica added by scale-out). */
export interface FaultStep {
  readonly target: string;
  readonly startedAtMs: number;
  /** When that target served again (ready, and passed the balancer's health check where it has one). */
  readonly servingAtMs: number | undefined;
  /** scale-in: whether the balancer drained it before it stopped. */
  readonly drained?: boolean;
}

/** What the fault did to the clients, from the per-second series (see fault-attribution.ts). */
export interface FaultImpact {
  /** Seconds [from, to) of the load charged to the fault: from its start to its recovery (or the horizon). */
  readonly window: { readonly fromSecond: number; readonly toSecond: number };
  /** Failed requests per second before the fault (the level recovery returns to). */
  readonly baselineFailedPerSec: number;
  /** Failed requests in the window, less what the baseline rate would have given. */
  readonly failedRequests: number;
  /** The same failures by class (404, reset, timeout, 5xx, other), less their baseline. */
  readonly failedByClass: FailureClassCounts;
  /** Sessions that failed in the window (less baseline): sessions the fault lost. */
  readonly sessionsFailed: number;
  /** Sessions that lost their session, re-initialized and completed in the window. */
  readonly sessionsRecovered: number;
  /** Failed requests per second from a few seconds before the fault to a few after its window. */
  readonly failedPerSecond: readonly { readonly second: number; readonly failed: number; readonly requests: number }[];
  /** p99 of successful requests (all steps merged from their histograms), µs: before, during and after the window. */
  readonly p99Us: { readonly before: number | undefined; readonly during: number | undefined; readonly after: number | undefined };
}

export interface FaultReport {
  readonly kind: FaultKind | 'unplanned-exit';
  /** store-outage: hang or refuse. */
  readonly mode?: 'hang' | 'refuse' | undefined;
  /** What it hit: replica ids, "balancer", "store", "+2 replicas". */
  readonly target?: string;
  /** A death nobody scheduled (a replica or the balancer exited on its own). */
  readonly unplanned?: boolean;
  /** Planned and actual start, ms after the load started (an unplanned event: both are when it was seen). */
  readonly plannedAtMs: number;
  readonly startedAtMs: number | undefined;
  /** When the target was serving again, ms after the load started (undefined: it did not come back). */
  readonly recoveredAtMs: number | undefined;
  /**
   * Recovery time: from the start to the first second after which the error rate stays back at its
   * pre-fault level (ms); undefined when it never did within the load.
   */
  readonly recoveryMs?: number | undefined;
  /**
   * Legacy sessions in replica memory: sessions open on the target replicas just before the fault hit
   * them (they went away with them); a rolling restart sums its batches, each read at its own restart.
   * Absent when sessions live in a shared store or the model has none.
   */
  readonly sessionsOnTarget?: number | undefined;
  /** Sessions open on every replica at those same moments (summed the same way): the target's share. */
  readonly sessionsOpen?: number | undefined;
  /** How the balancer learned the change (scale, reload). */
  readonly mechanism?: string;
  readonly steps?: readonly FaultStep[];
  readonly impact?: FaultImpact;
  readonly error: string | undefined;
}
