import type { Count3 } from '../metrics/counts.js';
import { NO_ANSWER, NO_REPLICA } from '../metrics/cell-recorder.js';
import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';
import type { Mismatch, Reconciliation, ReconciliationState } from '../results/result-types.js';

export type { Mismatch, Reconciliation, ReconciliationState };

export interface ReconcileOptions {
  /** Replicas whose counts end at their last read (died without a final report): the client may have seen more. */
  readonly incomplete?: ReadonlyMap<string, string>;
  /** Replicas whose counts could not be read at all, with the reason. */
  readonly unreadable?: ReadonlyMap<string, string>;
  /**
   * The balancer died mid-cell (how): answers replicas wrote while it was going away never reached the
   * client, so a replica may count more than the client saw, never fewer.
   */
  readonly balancerDied?: string;
  /** Requests the harness aborted (interrupt, drain deadline): a replica may have counted up to this many the client never saw answered. */
  readonly clientAborted?: number;
}

/**
 * Compares the client's own counts (from X-Replica-Id on each response) against each replica's
 * counts, exactly, by replica, method and status. Any difference is a finding, never smoothed over;
 * and where there is nothing to compare with, the result says so instead of passing vacuously.
 */
export function reconcile(client: Count3, servers: ReadonlyMap<string, CountsByMethodAndStatus>, options: ReconcileOptions = {}): Reconciliation {
  const mismatches: Mismatch[] = [];
  const byStatus: Record<string, { client: number; server: number }> = {};
  const unattributed: Record<string, Record<string, Record<string, number>>> = {};
  const incomplete: Array<{ replica: string; missingRequests: number }> = [];
  const reasons: string[] = [];
  let clientTotal = 0;
  let serverTotal = 0;
  let undelivered = 0;
  let abortAllowance = options.clientAborted ?? 0;
  let abortedCounted = 0;
  const row = (s: string): { client: number; server: number } => (byStatus[s] ??= { client: 0, server: 0 });

  for (const [replica, methods] of Object.entries(client)) {
    if (replica === NO_REPLICA || replica === NO_ANSWER || !servers.has(replica)) {
      unattributed[replica] = methods;
      continue;
    }
    for (const statuses of Object.values(methods)) {
      for (const [status, n] of Object.entries(statuses)) {
        clientTotal += n;
        row(status).client += n;
      }
    }
  }
  for (const [replica, methods] of servers) {
    const partial = options.incomplete?.get(replica);
    let missing = 0;
    const compare = (method: string, status: string, c: number, n: number): void => {
      // A replica counted only up to its last read can lag the client, never lead it.
      if (partial !== undefined && c >= n) missing += c - n;
      // Behind a balancer that died, answers in flight were written by the replica but never delivered.
      else if (options.balancerDied !== undefined && c < n) undelivered += n - c;
      else if (c < n && abortAllowance >= n - c) {
        abortAllowance -= n - c;
        abortedCounted += n - c;
      }
      else if (c !== n) mismatches.push({ replica, method, status, client: c, server: n });
    };
    for (const [method, statuses] of Object.entries(methods)) {
      for (const [status, n] of Object.entries(statuses)) {
        serverTotal += n;
        row(status).server += n;
        compare(method, status, client[replica]?.[method]?.[status] ?? 0, n);
      }
    }
    for (const [method, statuses] of Object.entries(client[replica] ?? {})) {
      for (const [status, n] of Object.entries(statuses)) {
        if (methods[method]?.[status] === undefined) compare(method, status, n, 0);
      }
    }
    if (partial !== undefined) {
      incomplete.push({ replica, missingRequests: missing });
      reasons.push(`replica ${replica}: ${partial}; its counts end at its last read, ${missing} request(s) the client saw it answer are not in them`);
    }
  }
  if (abortedCounted > 0) reasons.push(`${abortedCounted} request(s) the harness aborted (interrupt or drain deadline) were counted by replicas but never answered to the client; the rest reconcile`);
  if (options.balancerDied !== undefined) reasons.push(`the balancer died mid-cell (${options.balancerDied}): ${undelivered} answer(s) the replicas wrote never reached the client; the rest reconcile`);
  for (const [replica, why] of options.unreadable ?? []) reasons.push(`replica ${replica}: counts could not be read (${why})`);
  if (servers.size === 0 && (options.unreadable?.size ?? 0) === 0) reasons.push('no replica counts to compare with (platform external without target.replicas, or no replica reports counts)');
  const state: ReconciliationState = mismatches.length > 0 ? 'mismatch' : reasons.length > 0 ? 'not-reconciled' : 'reconciled';
  return { state, reasons, clientTotal, serverTotal, byStatus, mismatches, unattributed, incomplete };
}
