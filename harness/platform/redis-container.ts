import { setTimeout as delay } from 'node:timers/promises';
import { Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { REDIS_CONTAINER_PORT } from '../images/image-recipes.js';
import type { OwnerIdentity } from './docker-labels.js';
import { dockerClient } from './docker-client.js';
import { probeRedis } from './redis-probe.js';
import { startLabelledContainer } from './start-labelled-container.js';
import { waitFor } from '../proc/wait-for.js';

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
  /** The same store from this machine (published on 127.0.0.1), for checks; it moves when the container restarts. */
  readonly hostUrl: string;
  /**
   * A store outage, as on the process platform: `hang` freezes the container (the cgroup freezer,
   * what SIGSTOP does to a process) for `durationMs`; `refuse` kills it and starts it again after
   * `durationMs`, empty (no persistence). Resolves once the store answers PING again; `signal` ends
   * the wait (the cell is being torn down).
   */
  outage(mode: 'hang' | 'refuse', durationMs: number, signal?: AbortSignal): Promise<void>;
}

const PROBE_TIMEOUT_MS = 500;

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
  let hostPort = container.getMappedPort(REDIS_CONTAINER_PORT);
  const serving = (timeoutMs: number, signal?: AbortSignal): Promise<unknown> =>
    waitFor(() => probeRedis('127.0.0.1', hostPort, PROBE_TIMEOUT_MS), { timeoutMs, intervalMs: 50, what: 'the redis container serving again', ...(signal ? { signal } : {}) });
  return {
    container,
    internalUrl: `redis://${REDIS_ALIAS}:${REDIS_CONTAINER_PORT}`,
    get hostUrl() {
      return `redis://127.0.0.1:${hostPort}`;
    },
    async outage(mode, durationMs, signal) {
      const c = (await dockerClient()).container.dockerode.getContainer(container.getId());
      if (mode === 'hang') {
        await c.pause();
        try {
          await delay(durationMs, undefined, signal ? { signal } : {});
        } finally {
          await c.unpause();
        }
      } else {
        await c.kill({ signal: 'SIGKILL' });
        await delay(durationMs, undefined, signal ? { signal } : {});
        await c.start();
        // Docker publishes a restarted container on a new host port.
        const ports = (await c.inspect()).NetworkSettings.Ports[`${REDIS_CONTAINER_PORT}/tcp`];
        hostPort = Number(ports?.find((p) => p.HostIp === '127.0.0.1')?.HostPort ?? ports?.[0]?.HostPort ?? hostPort);
      }
      await serving(spec.readinessTimeoutMs, signal);
    },
  };
}
