import type { Count3 } from '../metrics/counts.js';
import type { ReplicaHandle, StartedTopology } from '../platform/platform.js';
import { readTopologyCounts, type ReplicaCounts } from '../platform/topology-counts.js';
import { waitFor } from '../proc/wait-for.js';
import type { CountsByMethodAndStatus, ReplicaStats } from '../servers/replica-contract.js';
import { projectCounts } from './counts-projection.js';
import { reconcile, type Reconciliation } from './reconcile.js';

/** Why a replica's counts are incomplete, from its incarnations; undefined when they are exact. */
function incompleteReason(r: ReplicaHandle): string | undefined {
  const partial = r.incarnations().filter((i) => i.counts === 'last-read' || i.counts === 'none');
  if (partial.length === 0) return undefined;
  return partial.map((i) => `incarnation ${i.index} ${i.end ?? 'ended'} without a final report${i.counts === 'none' ? ' (never read)' : ''}`).join('; ');
}

export interface CollectedCounts {
  /** One per replica, undefined where its own report could not be read or it has none (the balancer counted for it). */
  readonly stats: ReadonlyArray<ReplicaStats | undefined>;
  /** One per replica, from its report or the balancer's (at the source's granularity); undefined where unreadable. */
  readonly counts: ReadonlyArray<CountsByMethodAndStatus | undefined>;
  readonly reconciliation: Reconciliation;
}

/**
 * Reads every replica's own counts and reconciles them with the client's. A replica counts when it
 * writes the status line, so once the client has every answer the counts are final; a short poll
 * covers answers still being flushed. A difference that remains is reported, never smoothed over; a
 * replica that cannot be read (it died) leaves the cell's measurements intact and is named instead.
 */
export async function collectReplicaCounts(topology: StartedTopology, client: Count3, clientAborted = 0): Promise<CollectedCounts> {
  let last: CollectedCounts | undefined;
  const read = async (): Promise<CollectedCounts> => {
    const { source, replicas: settled } = await readTopologyCounts(topology);
    const counts = new Map<string, CountsByMethodAndStatus>();
    const unreadable = new Map<string, string>();
    const incomplete = new Map<string, string>();
    topology.replicas.forEach((r, i) => {
      const s = settled[i] as PromiseSettledResult<ReplicaCounts>;
      if (s.status === 'rejected') {
        unreadable.set(r.id, s.reason instanceof Error ? s.reason.message : String(s.reason));
        return;
      }
      counts.set(r.id, s.value.counts);
      // The balancer counts across a replica's restarts: its counts are whole whatever the incarnations.
      const why = source.kind === 'replicas' ? incompleteReason(r) : undefined;
      if (why) incomplete.set(r.id, why);
    });
    const balancerDeath = topology.events().find((e) => e.target === 'balancer');
    const reconciliation = reconcile(projectCounts(client, source.granularity), counts, {
      incomplete,
      unreadable,
      clientAborted,
      ...(balancerDeath ? { balancerDied: balancerDeath.detail } : {}),
    });
    return {
      stats: settled.map((s) => (s.status === 'fulfilled' ? s.value.stats : undefined)),
      counts: settled.map((s) => (s.status === 'fulfilled' ? s.value.counts : undefined)),
      reconciliation: { ...reconciliation, source },
    };
  };
  try {
    return await waitFor(
      async () => {
        last = await read();
        return last.reconciliation.state === 'mismatch' ? undefined : last;
      },
      { timeoutMs: 2000, intervalMs: 100, what: 'replica counts to match the client counts' },
    );
  } catch (e) {
    if (last) return last;
    throw e;
  }
}
