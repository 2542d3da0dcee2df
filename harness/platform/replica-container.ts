import { request } from 'undici';
import { Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { HarnessError } from '../errors/harness-error.js';
import { REPLICA_CONTAINER_PORT } from '../images/image-recipes.js';
import type { LegacyServerOptions } from '../config/resolved-scenario.js';
import { HEALTH_PATH, STATS_PATH, type ReplicaStats, type ServerModel } from '../servers/replica-contract.js';
import { cgroupCpuMicros, cgroupRssBytes, readCgroupFiles, type CgroupFiles } from '../proc/cgroup-files.js';
import { ContainerReadyLine } from './container-ready-line.js';
import { containerRuntimeState, startLabelledContainer, type ContainerRuntimeState } from './start-labelled-container.js';
import type { OwnerIdentity } from './docker-labels.js';
import type { ReplicaHandle } from './platform.js';
import { replicaCommandArgs } from './replica-command-args.js';
import type { ReplicaStateOptions } from '../servers/replica-state-args.js';
import { waitFor } from '../proc/wait-for.js';

export interface ReplicaContainerSpec {
  readonly id: string;
  readonly model: ServerModel;
  readonly image: string;
  readonly runId: string;
  readonly cellId: string;
  readonly owner: OwnerIdentity;
  readonly network: StartedNetwork;
  readonly legacy: LegacyServerOptions;
  readonly state?: ReplicaStateOptions;
  readonly readinessTimeoutMs: number;
}

/** A replica in a container; `url` is its published admin/MCP port on 127.0.0.1 (it moves on restart). */
export interface ReplicaContainer extends ReplicaHandle {
  readonly container: StartedTestContainer;
  /** The name the balancer addresses it by on the cell's network. */
  readonly alias: string;
  /** Re-reads the container's pid, cgroup and published port after a restart (fault injection). */
  refresh(): Promise<void>;
  /** Resolves once the replica answers its health endpoint (after a start or restart). */
  waitHealthy(timeoutMs: number, signal?: AbortSignal): Promise<void>;
}

// Only the ready line is awaited after the health check passes; a user image may never print it.
const READY_LINE_GRACE_MS = 1_000;

export async function startReplicaContainer(spec: ReplicaContainerSpec): Promise<ReplicaContainer> {
  const readyLine = new ContainerReadyLine();
  const container = await startLabelledContainer({
    name: `replica ${spec.id}`,
    image: spec.image,
    containerName: [spec.runId, spec.cellId, spec.id],
    labels: { runId: spec.runId, cellId: spec.cellId, role: 'replica', owner: spec.owner },
    network: spec.network,
    alias: spec.id,
    command: replicaCommandArgs({ id: spec.id, model: spec.model, host: '0.0.0.0', port: REPLICA_CONTAINER_PORT, legacy: spec.legacy, ...(spec.state ? { state: spec.state } : {}) }),
    publish: [REPLICA_CONTAINER_PORT],
    wait: Wait.forHttp(HEALTH_PATH, REPLICA_CONTAINER_PORT, { abortOnContainerExit: true }).withReadTimeout(100),
    readinessTimeoutMs: spec.readinessTimeoutMs,
    logConsumer: readyLine.consume,
    recentOutput: () => readyLine.recentOutput(),
  });
  await waitFor(() => readyLine.line, { timeoutMs: READY_LINE_GRACE_MS, intervalMs: 10, what: 'ready line' }).catch(() => undefined);

  let state: ContainerRuntimeState = await containerRuntimeState(container.getId(), REPLICA_CONTAINER_PORT);
  let cgroup: CgroupFiles | undefined = state.pid > 0 ? readCgroupFiles(state.pid) : undefined;
  // After a restart the pid, the cgroup and the published port all change (Docker picks a new port).
  const refresh = async (): Promise<void> => {
    state = await containerRuntimeState(container.getId(), REPLICA_CONTAINER_PORT);
    cgroup = state.pid > 0 ? readCgroupFiles(state.pid) : undefined;
  };
  const url = (): string => `http://127.0.0.1:${state.hostPort ?? container.getMappedPort(REPLICA_CONTAINER_PORT)}`;
  return {
    id: spec.id,
    alias: spec.id,
    container,
    get pid() {
      return state.pid;
    },
    get url() {
      return url();
    },
    sdk: readyLine.line?.sdk ?? {},
    async stats(): Promise<ReplicaStats> {
      const at = url();
      try {
        const res = await request(at + STATS_PATH, { headersTimeout: 5000, bodyTimeout: 5000 });
        if (res.statusCode !== 200) {
          await res.body.dump();
          throw new Error(`HTTP ${res.statusCode}`);
        }
        return (await res.body.json()) as ReplicaStats;
      } catch (e) {
        throw new HarnessError('E_ADMIN_QUERY', `could not read ${STATS_PATH} of replica container ${spec.id} at ${at}`, { cause: e });
      }
    },
    cpuMicros: () => cgroupCpuMicros(cgroup),
    rssBytes: () => cgroupRssBytes(cgroup),
    refresh,
    async waitHealthy(timeoutMs: number, signal?: AbortSignal): Promise<void> {
      await waitFor(
        async () => {
          const res = await request(url() + HEALTH_PATH, { headersTimeout: 500, bodyTimeout: 500 });
          await res.body.dump();
          return res.statusCode === 200;
        },
        { timeoutMs, intervalMs: 50, what: `replica container ${spec.id} health`, ...(signal ? { signal } : {}) },
      );
    },
  };
}
