import { STICKY_SESSION_TABLE, type BalancerPolicy, type PolicySupport } from './balancer.js';
import { RoundRobinPolicy } from './round-robin-policy.js';
import type { RoutingPolicy } from './routing-policy.js';
import { StickySessionIdPolicy } from './sticky-session-id-policy.js';

export interface RoutingPolicyOptions {
  readonly stickyTable?: { readonly maxEntries: number; readonly ttlMs: number; readonly maxIdLength: number };
  readonly nowMs?: () => number;
}

type PolicyFactory = (backendCount: number, options: RoutingPolicyOptions) => RoutingPolicy;

/** The built-in balancer's policies; a policy missing here is reported unsupported, never approximated. */
const factories: Partial<Record<BalancerPolicy, PolicyFactory>> = {
  'round-robin': (n) => new RoundRobinPolicy(n),
  'sticky-session-id': (n, o) => {
    const table = o.stickyTable ?? STICKY_SESSION_TABLE;
    return new StickySessionIdPolicy(n, o.nowMs ? { ...table, nowMs: o.nowMs } : table);
  },
};

export function builtinPolicySupport(policy: BalancerPolicy): PolicySupport {
  return factories[policy]
    ? { supported: true }
    : { supported: false, reason: `the built-in balancer does not implement policy "${policy}" yet` };
}

export function createRoutingPolicy(policy: BalancerPolicy, backendCount: number, options: RoutingPolicyOptions = {}): RoutingPolicy {
  const factory = factories[policy];
  if (!factory) throw new Error(`built-in balancer: no routing policy "${policy}"`);
  return factory(backendCount, options);
}
