import type { Count3 } from '../metrics/counts.js';
import type { StartedTopology } from '../platform/platform.js';
import { waitFor } from '../proc/wait-for.js';
import type { CountsByMethodAndStatus, ReplicaStats } from '../servers/replica-contract.js';
import { reconcile, type Reconciliation } from './reconcile.js';

/**
 * Reads every replica's own counts and reconciles them with the client's. A replica counts when it
 * writes the status line, so once the client has every answer the counts are final; a short poll
 * covers answers still being flushed. A difference that remains is reported, never smoothed over.
 */
export async function collectReplicaCounts(topology: StartedTopology, client: Count3): Promise<{ stats: ReplicaStats[]; reconciliation: Reconciliation }> {
  let last: { stats: ReplicaStats[]; reconciliation: Reconciliation } | undefined;
  try {
    return await waitFor(
      async () => {
        const stats = await Promise.all(topology.replicas.map((r) => r.stats()));
        const map = new Map<string, CountsByMethodAndStatus>(topology.replicas.map((r, i) => [r.id, (stats[i] as ReplicaStats).counts]));
        last = { stats, reconciliation: reconcile(client, map) };
        return last.reconciliation.matched ? last : undefined;
      },
      { timeoutMs: 2000, intervalMs: 100, what: 'replica counts to match the client counts' },
    );
  } catch (e) {
    if (last) return last;
    throw e;
  }
}
