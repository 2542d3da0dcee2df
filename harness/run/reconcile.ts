import type { Count3 } from '../metrics/counts.js';
import { NO_ANSWER, NO_REPLICA } from '../metrics/cell-recorder.js';
import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';
import type { Mismatch, Reconciliation } from '../results/result-types.js';

export type { Mismatch, Reconciliation };



/**
 * Compares the client's own counts (from X-Replica-Id on each response) against each replica's
 * counts, exactly, by replica, method and status. Any difference is a finding, never smoothed over.
 */
export function reconcile(client: Count3, servers: ReadonlyMap<string, CountsByMethodAndStatus>): Reconciliation {
  const mismatches: Mismatch[] = [];
  const byStatus: Record<string, { client: number; server: number }> = {};
  const unattributed: Record<string, Record<string, Record<string, number>>> = {};
  let clientTotal = 0;
  let serverTotal = 0;
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
    for (const [method, statuses] of Object.entries(methods)) {
      for (const [status, n] of Object.entries(statuses)) {
        serverTotal += n;
        row(status).server += n;
        const c = client[replica]?.[method]?.[status] ?? 0;
        if (c !== n) mismatches.push({ replica, method, status, client: c, server: n });
      }
    }
    for (const [method, statuses] of Object.entries(client[replica] ?? {})) {
      for (const [status, n] of Object.entries(statuses)) {
        if (methods[method]?.[status] === undefined) mismatches.push({ replica, method, status, client: n, server: 0 });
      }
    }
  }
  return { matched: mismatches.length === 0, clientTotal, serverTotal, byStatus, mismatches, unattributed };
}
