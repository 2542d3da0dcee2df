import { HarnessError } from '../errors/harness-error.js';
import { dockerClient } from '../platform/docker-client.js';
import type { DockerTopology } from '../platform/docker-platform.js';
import type { ReplicaContainer } from '../platform/replica-container.js';

/**
 * Faults on a docker topology's containers, for the fault scheduler (kill / stop / start / restart a
 * replica by id or container name), and per-container CPU and memory from the Docker stats API.
 * After each fault the replica's handle re-reads its pid, cgroup and published port: Docker gives a
 * restarted container a new host port, so a stale URL would read the wrong (or no) stats.
 */
export type ContainerFault = 'kill' | 'stop' | 'start' | 'restart';

export interface ContainerFaultOptions {
  /** kill: the signal (default SIGKILL). */
  readonly signal?: NodeJS.Signals;
  /** stop / restart: seconds Docker waits after SIGTERM before SIGKILL (default 0: immediate). */
  readonly graceSeconds?: number;
  /** start / restart of a replica: how long it may take to answer its health endpoint again (default 15 s). */
  readonly readyTimeoutMs?: number;
}

function replicaOf(topology: DockerTopology, replicaIdOrName: string): ReplicaContainer {
  const replica = topology.replicas.find((r) => r.id === replicaIdOrName || r.container.getName().replace(/^\//, '') === replicaIdOrName);
  if (!replica) {
    throw new HarnessError('E_USAGE', `no replica "${replicaIdOrName}" in this topology`, {
      hint: `replicas: ${topology.replicas.map((r) => `${r.id} (${r.container.getName().replace(/^\//, '')})`).join(', ')}`,
    });
  }
  return replica;
}

/** Applies a fault to one container by name (any container: replica, balancer, store). */
export async function applyContainerFault(containerName: string, fault: ContainerFault, options: ContainerFaultOptions = {}): Promise<void> {
  const container = (await dockerClient()).container.dockerode.getContainer(containerName);
  const grace = options.graceSeconds ?? 0;
  switch (fault) {
    case 'kill':
      await container.kill({ signal: options.signal ?? 'SIGKILL' });
      return;
    case 'stop':
      await container.stop({ t: grace });
      return;
    case 'start':
      await container.start();
      return;
    case 'restart':
      await container.restart({ t: grace });
      return;
  }
}

/**
 * Applies a fault to a replica of the topology and refreshes its handle (pid, cgroup, published port);
 * after start or restart it resolves once the replica answers again, so the next stats read is valid.
 */
export async function faultReplica(topology: DockerTopology, replicaIdOrName: string, fault: ContainerFault, options: ContainerFaultOptions = {}): Promise<ReplicaContainer> {
  const replica = replicaOf(topology, replicaIdOrName);
  await applyContainerFault(replica.container.getName().replace(/^\//, ''), fault, options);
  await replica.refresh();
  if (fault === 'start' || fault === 'restart') await replica.waitHealthy(options.readyTimeoutMs ?? 15_000);
  return replica;
}

export interface ContainerResources {
  readonly name: string;
  readonly role: string;
  readonly running: boolean;
  /** Cumulative CPU time (user + system) of the container, µs. */
  readonly cpuUs: number | undefined;
  /** Memory usage as Docker reports it (includes page cache), bytes. */
  readonly memoryBytes: number | undefined;
}

/** One stats sample (no streaming) per container of the topology: replicas, the balancer, then the store if any. */
export async function topologyContainerResources(topology: DockerTopology): Promise<ContainerResources[]> {
  const docker = (await dockerClient()).container.dockerode;
  const containers = [
    ...topology.replicas.map((r) => ({ c: r.container, role: `replica ${r.id}` })),
    { c: topology.balancer.container, role: 'balancer' },
    ...(topology.redis ? [{ c: topology.redis.container, role: 'store' }] : []),
  ];
  return Promise.all(
    containers.map(async ({ c, role }) => {
      const name = c.getName().replace(/^\//, '');
      try {
        const s = (await docker.getContainer(c.getId()).stats({ stream: false })) as { cpu_stats?: { cpu_usage?: { total_usage?: number } }; memory_stats?: { usage?: number } };
        const ns = s.cpu_stats?.cpu_usage?.total_usage;
        return { name, role, running: ns !== undefined && ns > 0, cpuUs: ns === undefined ? undefined : ns / 1000, memoryBytes: s.memory_stats?.usage };
      } catch {
        return { name, role, running: false, cpuUs: undefined, memoryBytes: undefined };
      }
    }),
  );
}
