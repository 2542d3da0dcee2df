import type { BackendTraits } from '../balancers/balancer.js';
import type { UserServerSpec } from '../config/resolved-scenario.js';
import type { TopologySpec } from './platform.js';

/** Your own server for this topology's model, when the scenario gives one (else the reference server runs). */
export function userServerFor(spec: Pick<TopologySpec, 'model' | 'servers'>): UserServerSpec | undefined {
  return spec.servers.user?.[spec.model];
}

/**
 * What the balancer must supply for the replicas: nothing for the reference servers; for your own
 * server, X-Replica-Id and per-replica counts, and health checks it can answer — an MCP server/discover
 * (2026-07-28 servers MUST implement it and it opens nothing), or a TCP connect for a session-based
 * server, where each probe `initialize` would open a session it may never expire.
 */
export function backendTraitsFor(spec: Pick<TopologySpec, 'model' | 'servers'>): BackendTraits | undefined {
  if (userServerFor(spec) === undefined) return undefined;
  return { attribute: true, healthProbe: spec.model === 'stateless' ? 'mcp-discover' : 'tcp' };
}
