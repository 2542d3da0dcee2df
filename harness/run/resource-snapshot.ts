import type { StartedTopology } from '../platform/platform.js';
import { readTopologyCounts } from '../platform/topology-counts.js';
import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';
import { storeCounters } from './cell-state.js';

/** CPU and served-request counters of every process of a topology at one instant. */
export interface ResourceSnapshot {
  /** performance.now() when it was taken. */
  readonly atMs: number;
  readonly replicaCpuUs: ReadonlyArray<number | undefined>;
  readonly replicaRequests: ReadonlyArray<number | undefined>;
  /** `tools/call` requests each replica served (its own count), whatever their status. */
  readonly replicaToolCalls: ReadonlyArray<number | undefined>;
  readonly balancerCpuUs: number | undefined;
  /** Summed store counters of the replicas that use a shared store. */
  readonly store: ReturnType<typeof storeCounters>;
}

export function totalCount(c: CountsByMethodAndStatus): number {
  let n = 0;
  for (const statuses of Object.values(c)) for (const v of Object.values(statuses)) n += v;
  return n;
}

/**
 * Taken at the start and end of the measured window, so CPU per request excludes start-up and the
 * JIT warm-up of the first requests (a cold replica costs several times its steady-state CPU).
 */
export async function resourceSnapshot(topology: StartedTopology): Promise<ResourceSnapshot> {
  const atMs = performance.now();
  const replicaCpuUs = topology.replicas.map((r) => r.cpuMicros());
  const balancerCpuUs = topology.balancerCpuMicros();
  const { source, replicas } = await readTopologyCounts(topology);
  // Counts without the JSON-RPC method (a balancer's by verb or status class) cannot tell tool calls apart.
  const byMethod = source.granularity === 'method-status';
  return {
    atMs,
    replicaCpuUs,
    balancerCpuUs,
    replicaRequests: replicas.map((s) => (s.status === 'fulfilled' ? totalCount(s.value.counts) : undefined)),
    replicaToolCalls: replicas.map((s) => (s.status === 'fulfilled' && byMethod ? totalCount({ c: s.value.counts['tools/call'] ?? {} }) : undefined)),
    store: storeCounters(replicas.flatMap((s) => (s.status === 'fulfilled' && s.value.stats ? [s.value.stats] : []))),
  };
}

export function delta(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : b - a;
}
