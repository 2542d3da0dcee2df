import { subtractCounts } from '../platform/counts-delta.js';
import type { ReplicaHandle, StartedTopology } from '../platform/platform.js';
import type { ReplicaStats } from '../servers/replica-contract.js';

/**
 * A view of a started topology whose replicas count from a baseline: what one search step's client
 * counts reconcile with, while the topology itself runs every step of the search. Everything else
 * (CPU, throttling, capabilities) is the replica's own; CPU and store figures are taken as deltas by
 * measureCell anyway.
 */
export async function stepTopology(topology: StartedTopology): Promise<StartedTopology> {
  const bases = await Promise.all(topology.replicas.map((r) => r.stats().catch(() => undefined)));
  const replicas = topology.replicas.map((r, i) => fromBaseline(r, bases[i]));
  return Object.assign(Object.create(topology) as StartedTopology, { replicas });
}

function fromBaseline(r: ReplicaHandle, base: ReplicaStats | undefined): ReplicaHandle {
  // The handle's getters (pid, url) move with restarts, so the view delegates instead of copying.
  const view = Object.create(r) as ReplicaHandle;
  return Object.assign(view, {
    async stats(): Promise<ReplicaStats> {
      const now = await r.stats();
      if (!base) return now;
      return {
        ...now,
        counts: subtractCounts(now.counts, base.counts),
        ...(now.toolCalls ? { toolCalls: subtractNames(now.toolCalls, base.toolCalls ?? {}) } : {}),
      };
    },
  });
}

function subtractNames(now: Readonly<Record<string, number>>, base: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(now)) {
    const d = n - (base[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}
