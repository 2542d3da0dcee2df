import type { StartedTopology } from '../platform/platform.js';
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
  const stats = await Promise.allSettled(topology.replicas.map((r) => r.stats()));
  return {
    atMs,
    replicaCpuUs,
    balancerCpuUs,
    replicaRequests: stats.map((s) => (s.status === 'fulfilled' ? totalCount(s.value.counts) : undefined)),
    replicaToolCalls: stats.map((s) => (s.status === 'fulfilled' ? totalCount({ c: s.value.counts['tools/call'] ?? {} }) : undefined)),
    store: storeCounters(stats.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))),
  };
}

export function delta(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : b - a;
}
