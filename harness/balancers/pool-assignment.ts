import { HarnessError } from '../errors/harness-error.js';
import { DEFAULT_POOL_NAME, type BackendAddress, type BalancerPolicy, type BalancerPool } from './balancer.js';

/** Policies that route tool calls to pools. */
export const POOL_POLICIES: readonly BalancerPolicy[] = ['route-by-header', 'route-by-body'];

/** The pools a cell's balancer gets: assigned for route-by-* policies, none for the others. */
export function poolsForCell(policy: BalancerPolicy, requests: readonly PoolRequest[] | undefined, backendIds: readonly string[]): BalancerPool[] | undefined {
  if (!POOL_POLICIES.includes(policy) || !requests || requests.length === 0) return undefined;
  return assignPools(requests, backendIds);
}

/** A pool as a scenario describes it: how many replicas, and which tools' calls it takes. */
export interface PoolRequest {
  readonly name: string;
  readonly replicas: number;
  readonly tools: readonly string[];
}

/**
 * Gives each requested pool its replicas in the order listed, from the first backend on (pool
 * `heavy` with 1 replica of r1..r3 gets r1); the rest form the default pool, which comes last.
 * The config pipeline already checked that the pools fit every replica count of the matrix; a
 * mismatch here is a harness bug, reported as such.
 */
export function assignPools(requests: readonly PoolRequest[], backendIds: readonly string[]): BalancerPool[] {
  const wanted = requests.reduce((n, p) => n + p.replicas, 0);
  if (wanted >= backendIds.length) {
    throw new HarnessError('E_INTERNAL', `pools ask for ${wanted} of ${backendIds.length} replicas, leaving none for the default pool`, {
      hint: 'This is a harness bug: the scenario check should have refused these pools for this replica count.',
    });
  }
  const pools: BalancerPool[] = [];
  let next = 0;
  for (const p of requests) {
    pools.push({ name: p.name, backendIds: backendIds.slice(next, next + p.replicas), tools: [...p.tools] });
    next += p.replicas;
  }
  pools.push({ name: DEFAULT_POOL_NAME, backendIds: backendIds.slice(next), tools: [] });
  return pools;
}

/**
 * The pools a balancer routes over: the given ones, or (when none were given) one default pool of
 * every backend, in which case route-by-* policies route everything alike.
 */
export function poolsOrDefault(pools: readonly BalancerPool[] | undefined, backends: readonly BackendAddress[]): readonly BalancerPool[] {
  if (pools && pools.length > 0) return pools;
  return [{ name: DEFAULT_POOL_NAME, backendIds: backends.map((b) => b.id), tools: [] }];
}

/** The pool whose tools include `tool`, else the default pool. */
export function poolForTool(pools: readonly BalancerPool[], tool: string | undefined): BalancerPool {
  const own = tool === undefined ? undefined : pools.find((p) => p.tools.includes(tool));
  return own ?? pools.find((p) => p.name === DEFAULT_POOL_NAME) ?? pools[pools.length - 1]!;
}

/** Per-replica tool-call counts, as a replica's /-/stats reports them (`toolCalls`). */
export interface ReplicaToolCalls {
  readonly replicaId: string;
  readonly toolCalls: Readonly<Record<string, number>> | undefined;
}

export interface MisrouteCount {
  /** tools/call requests served by a replica outside the tool's pool. */
  readonly misrouted: number;
  readonly toolCalls: number;
  /** Misrouted calls by tool name. */
  readonly byTool: Readonly<Record<string, number>>;
}

/** Counts tool calls a replica served although the tool's pool does not contain it. */
export function countMisroutes(pools: readonly BalancerPool[], replicas: readonly ReplicaToolCalls[]): MisrouteCount {
  let misrouted = 0;
  let total = 0;
  const byTool: Record<string, number> = {};
  for (const r of replicas) {
    for (const [tool, n] of Object.entries(r.toolCalls ?? {})) {
      if (n === 0) continue;
      total += n;
      if (poolForTool(pools, tool).backendIds.includes(r.replicaId)) continue;
      misrouted += n;
      byTool[tool] = (byTool[tool] ?? 0) + n;
    }
  }
  return { misrouted, toolCalls: total, byTool };
}
