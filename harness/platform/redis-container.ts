import { Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { REDIS_CONTAINER_PORT } from '../images/image-recipes.js';
import type { OwnerIdentity } from './docker-labels.js';
import { startLabelledContainer } from './start-labelled-container.js';

export interface RedisContainerSpec {
  readonly image: string;
  readonly runId: string;
  readonly cellId: string;
  readonly owner: OwnerIdentity;
  readonly network: StartedNetwork;
  readonly readinessTimeoutMs: number;
}

export interface RedisContainer {
  readonly container: StartedTestContainer;
  /** What replicas on the cell's network pass as `--redis-url`. */
  readonly internalUrl: string;
  /** The same store from this machine (published on 127.0.0.1), for store-outage faults and checks. */
  readonly hostUrl: string;
}

export const REDIS_ALIAS = 'redis';

/**
 * The shared store of a cell that needs one (the docker platform starts it before the replicas when
 * a scenario's state strategy uses Redis). No persistence: a store outage fault must lose state the way
 * a restarted in-memory Redis does.
 */
export async function startRedisContainer(spec: RedisContainerSpec): Promise<RedisContainer> {
  const container = await startLabelledContainer({
    name: 'redis store',
    image: spec.image,
    containerName: [spec.runId, spec.cellId, REDIS_ALIAS],
    labels: { runId: spec.runId, cellId: spec.cellId, role: 'store', owner: spec.owner },
    network: spec.network,
    alias: REDIS_ALIAS,
    command: ['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no'],
    publish: [REDIS_CONTAINER_PORT],
    wait: Wait.forLogMessage(/Ready to accept connections/),
    readinessTimeoutMs: spec.readinessTimeoutMs,
  });
  return {
    container,
    internalUrl: `redis://${REDIS_ALIAS}:${REDIS_CONTAINER_PORT}`,
    hostUrl: `redis://127.0.0.1:${container.getMappedPort(REDIS_CONTAINER_PORT)}`,
  };
}
