import type { BalancerCounts, CountsGranularity } from '../balancers/balancer.js';
import { HarnessError } from '../errors/harness-error.js';
import type { CountsByMethodAndStatus, ReplicaStats } from '../servers/replica-contract.js';
import type { StartedTopology } from './platform.js';

/** One replica's counts, from its own report or from the balancer's, and its report when it has one. */
export interface ReplicaCounts {
  readonly counts: CountsByMethodAndStatus;
  /** The replica's own /-/stats (memory, sessions, store...); undefined when the balancer counted for it. */
  readonly stats: ReplicaStats | undefined;
}

/** Where a topology's per-replica counts come from. */
export interface CountsSource {
  /** `replicas`: each replica's own /-/stats; `balancer`: the balancer's per-replica counts (servers without the contract). */
  readonly kind: 'replicas' | 'balancer';
  readonly granularity: CountsGranularity;
  readonly detail: string;
}

export interface TopologyCounts {
  readonly source: CountsSource;
  /** In replica order; rejected where the counts could not be read. */
  readonly replicas: ReadonlyArray<PromiseSettledResult<ReplicaCounts>>;
}

const REPLICA_SOURCE: CountsSource = { kind: 'replicas', granularity: 'method-status', detail: "each replica's own /-/stats" };

/**
 * The counts of every replica of a topology at one instant, whoever keeps them: a reference replica
 * counts itself; for your own server (ReplicaHandle.countsFrom 'balancer') the balancer's per-replica
 * counts stand in, read once for all replicas.
 */
export async function readTopologyCounts(topology: Pick<StartedTopology, 'replicas' | 'balancer'>): Promise<TopologyCounts> {
  if (!topology.replicas.some((r) => r.countsFrom === 'balancer')) {
    const settled = await Promise.allSettled(topology.replicas.map((r) => r.stats()));
    return { source: REPLICA_SOURCE, replicas: settled.map((s) => (s.status === 'fulfilled' ? { status: 'fulfilled', value: { counts: s.value.counts, stats: s.value } } : s)) };
  }
  const { balancer } = topology;
  if (balancer.counts === undefined) {
    const reason = new HarnessError('E_ADMIN_QUERY', `${balancer.impl} here cannot count answers per replica, and your server does not count them itself`, {
      hint: 'Use HAProxy, nginx or the built-in balancer on platform process, or HAProxy / nginx on docker.',
    });
    return { source: { kind: 'balancer', granularity: 'method-status', detail: `${balancer.impl} (no per-replica counts)` }, replicas: topology.replicas.map(() => ({ status: 'rejected', reason })) };
  }
  let counts: BalancerCounts;
  try {
    counts = await balancer.counts();
  } catch (reason) {
    return { source: { kind: 'balancer', granularity: 'method-status', detail: `${balancer.impl} (counts unreadable)` }, replicas: topology.replicas.map(() => ({ status: 'rejected', reason })) };
  }
  return {
    source: { kind: 'balancer', granularity: counts.granularity, detail: counts.source },
    // A replica the balancer never sent anything to has no row: zero answers, not unreadable.
    replicas: topology.replicas.map((r) => ({ status: 'fulfilled', value: { counts: counts.byReplica[r.id] ?? {}, stats: undefined } })),
  };
}
