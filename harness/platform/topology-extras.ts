import type { ReplicaStateOptions } from '../servers/replica-state-args.js';
import type { TopologySpec } from './platform.js';

/**
 * Settings the server-state work adds to a topology (state strategies, Redis). TopologySpec gains them
 * as that lands; until then this reads them when present, so platform docker already starts a Redis
 * container and passes `--redis-url redis://redis:6379` without a second change.
 */
export interface TopologyExtras {
  readonly state?: ReplicaStateOptions;
}

export function topologyExtras(spec: TopologySpec): TopologyExtras {
  return spec as TopologySpec & TopologyExtras;
}

export function needsRedis(state: ReplicaStateOptions | undefined): boolean {
  return state !== undefined && [state.sessionStore, state.handleStore, state.taskStore].includes('redis');
}
