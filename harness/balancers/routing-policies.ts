import { STICKY_SESSION_TABLE, type BalancerPolicy, type BalancerPool, type PolicySupport } from './balancer.js';
import { ClientIpPolicy } from './client-ip-policy.js';
import { HashSessionIdPolicy } from './hash-session-id-policy.js';
import { LeastConnPolicy } from './least-conn-policy.js';
import { poolsOrDefault } from './pool-assignment.js';
import { RoundRobinPolicy } from './round-robin-policy.js';
import { fromBody, fromHeaders, RouteByPoolPolicy } from './route-by-pool-policy.js';
import { RouteByTaskOwnerPolicy } from './route-by-task-owner-policy.js';
import type { RoutingPolicy } from './routing-policy.js';
import { StickyCookiePolicy } from './sticky-cookie-policy.js';
import { StickySessionIdPolicy } from './sticky-session-id-policy.js';

export interface RoutingPolicyOptions {
  readonly stickyTable?: { readonly maxEntries: number; readonly ttlMs: number; readonly maxIdLength: number };
  readonly nowMs?: () => number;
  /** Backend ids in backend order (cookie values, hash-ring points, pool members); default r1..rN. */
  readonly backendIds?: readonly string[];
  readonly pools?: readonly BalancerPool[];
}

type PolicyFactory = (ids: readonly string[], options: RoutingPolicyOptions) => RoutingPolicy;

const pooled = (ids: readonly string[], o: RoutingPolicyOptions): readonly BalancerPool[] =>
  poolsOrDefault(o.pools, ids.map((id) => ({ id, host: '', port: 0 })));

/** The built-in balancer's policies: every one of BALANCER_POLICIES, each a small class of its own. */
const factories: Record<BalancerPolicy, PolicyFactory> = {
  'round-robin': (ids) => new RoundRobinPolicy(ids.length),
  'least-conn': (ids) => new LeastConnPolicy(ids.length),
  'sticky-cookie': (ids) => new StickyCookiePolicy(ids),
  'sticky-session-id': (ids, o) => {
    const table = o.stickyTable ?? STICKY_SESSION_TABLE;
    return new StickySessionIdPolicy(ids.length, o.nowMs ? { ...table, nowMs: o.nowMs } : table);
  },
  'hash-session-id': (ids) => new HashSessionIdPolicy(ids),
  'client-ip': (ids) => new ClientIpPolicy(ids.length),
  'route-by-header': (ids, o) => new RouteByPoolPolicy(ids, pooled(ids, o), fromHeaders),
  'route-by-body': (ids, o) => new RouteByPoolPolicy(ids, pooled(ids, o), fromBody),
  'route-by-task-owner': (ids) => new RouteByTaskOwnerPolicy(ids),
};

export function builtinPolicySupport(policy: BalancerPolicy): PolicySupport {
  return factories[policy] ? { supported: true } : { supported: false, reason: `the built-in balancer does not implement policy "${policy}"` };
}

export function createRoutingPolicy(policy: BalancerPolicy, backendCount: number, options: RoutingPolicyOptions = {}): RoutingPolicy {
  const factory = factories[policy];
  if (!factory) throw new Error(`built-in balancer: no routing policy "${policy}"`);
  const ids = options.backendIds ?? Array.from({ length: backendCount }, (_, i) => `r${i + 1}`);
  if (ids.length !== backendCount) throw new RangeError(`${ids.length} backend ids for ${backendCount} backends`);
  return factory(ids, options);
}
