import { request } from 'undici';
import { Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { LegacyServerOptions } from '../config/resolved-scenario.js';
import { REPLICA_CONTAINER_PORT } from '../images/image-recipes.js';
import { cgroupCpuMicros, cgroupRssBytes, cgroupThrottling, readCgroupFiles, type CgroupFiles } from '../proc/cgroup-files.js';
import { waitFor } from '../proc/wait-for.js';
import { HEALTH_PATH, STATS_PATH, type ReplicaStats, type ServerModel } from '../servers/replica-contract.js';
import { parseFinalStatsLine } from '../servers/replica-ready-line.js';
import type { ReplicaStateOptions } from '../servers/replica-state-args.js';
import { containerStdoutTail } from './container-logs.js';
import { describeContainerExit } from './docker-events.js';
import { impairContainerNetwork } from './container-netem.js';
import { ContainerReadyLine } from './container-ready-line.js';
import { dockerClient } from './docker-client.js';
import type { OwnerIdentity } from './docker-labels.js';
import { IncarnationLedger } from './incarnation-ledger.js';
import type { CpuCap, ReplicaHandle } from './platform.js';
import { replicaCommandArgs } from './replica-command-args.js';
import { readReplicaStats } from './replica-stats-reader.js';
import { containerRuntimeState, startLabelledContainer, type ContainerRuntimeState } from './start-labelled-container.js';

export interface ReplicaContainerSpec {
  readonly id: string;
  readonly model: ServerModel;
  readonly image: string;
  readonly runId: string;
  readonly cellId: string;
  readonly owner: OwnerIdentity;
  readonly network: StartedNetwork;
  readonly legacy: LegacyServerOptions;
  readonly state?: ReplicaStateOptions | undefined;
  readonly readinessTimeoutMs: number;
  /** CFS cap of the container from its creation (docker --cpu-period / --cpu-quota). */
  readonly cpuCap?: CpuCap | undefined;
}

/** A replica in a container; `url` is its published port on 127.0.0.1 (it moves on restart). */
export interface ReplicaContainer extends ReplicaHandle {
  readonly container: StartedTestContainer;
  /** The docker name of the container (mlb-...). */
  readonly containerName: string;
  /** The name the balancer addresses it by on the cell's network. */
  readonly alias: string;
  /** Resolves once the replica answers its health endpoint (after a start or restart). */
  waitHealthy(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** The cell's event watch saw this container die: recorded as a death unless the handle itself stopped it. */
  died(exitCode: number | undefined): void;
}

// Only the ready line is awaited after the health check passes; a user image may never print it.
const READY_LINE_GRACE_MS = 1_000;
// A reference replica prints two stdout lines per incarnation (ready, final stats): this covers many restarts.
const STDOUT_TAIL_LINES = 1_000;

export async function startReplicaContainer(spec: ReplicaContainerSpec): Promise<ReplicaContainer> {
  const readyLine = new ContainerReadyLine();
  const container = await startLabelledContainer({
    name: `replica ${spec.id}`,
    image: spec.image,
    containerName: [spec.runId, spec.cellId, spec.id],
    labels: { runId: spec.runId, cellId: spec.cellId, role: 'replica', owner: spec.owner },
    network: spec.network,
    alias: spec.id,
    command: replicaCommandArgs({ id: spec.id, model: spec.model, host: '0.0.0.0', port: REPLICA_CONTAINER_PORT, legacy: spec.legacy, state: spec.state }),
    publish: [REPLICA_CONTAINER_PORT],
    wait: Wait.forHttp(HEALTH_PATH, REPLICA_CONTAINER_PORT, { abortOnContainerExit: true }).withReadTimeout(100),
    readinessTimeoutMs: spec.readinessTimeoutMs,
    logConsumer: readyLine.consume,
    recentOutput: () => readyLine.recentOutput(),
    cpuCap: spec.cpuCap,
  });
  await waitFor(() => readyLine.line, { timeoutMs: READY_LINE_GRACE_MS, intervalMs: 10, what: 'ready line' }).catch(() => undefined);

  const containerName = container.getName().replace(/^\//, '');
  const docker = async () => (await dockerClient()).container.dockerode.getContainer(container.getId());
  let state: ContainerRuntimeState = await containerRuntimeState(container.getId(), REPLICA_CONTAINER_PORT);
  let cgroup: CgroupFiles | undefined = state.pid > 0 ? readCgroupFiles(state.pid) : undefined;
  const ledger = new IncarnationLedger(state.pid);
  // After a (re)start the pid, the cgroup and the published port all change (Docker picks a new port).
  const refresh = async (): Promise<void> => {
    state = await containerRuntimeState(container.getId(), REPLICA_CONTAINER_PORT);
    cgroup = state.pid > 0 ? readCgroupFiles(state.pid) : undefined;
  };
  const url = (): string => `http://127.0.0.1:${state.hostPort ?? container.getMappedPort(REPLICA_CONTAINER_PORT)}`;
  const running = (): boolean => state.pid > 0;
  const waitHealthy = async (timeoutMs: number, signal?: AbortSignal): Promise<void> => {
    await waitFor(
      async () => {
        const res = await request(url() + HEALTH_PATH, { headersTimeout: 500, bodyTimeout: 500 });
        await res.body.dump();
        return res.statusCode === 200;
      },
      { timeoutMs, intervalMs: 50, what: `replica container ${spec.id} health`, ...(signal ? { signal } : {}) },
    );
  };
  // Docker keeps a container's output across restarts: every incarnation's final-stats line, in order.
  const finalReports = async (): Promise<ReplicaStats[]> => {
    const lines = await containerStdoutTail(container.getId(), STDOUT_TAIL_LINES).catch(() => []);
    return lines.map((l) => parseFinalStatsLine(l.trim())).filter((s): s is ReplicaStats => s !== undefined);
  };
  // Set while the handle itself stops the container: a `die` event then is no death.
  let ending = false;
  const end = async (how: 'killed' | 'terminated' | 'restarted', act: () => Promise<void>, exact: boolean): Promise<void> => {
    if (!running()) return;
    ending = true;
    try {
      await endNow(how, act, exact);
    } finally {
      ending = false;
    }
  };
  const endNow = async (how: 'killed' | 'terminated' | 'restarted', act: () => Promise<void>, exact: boolean): Promise<void> => {
    ledger.observedCpu(cgroupCpuMicros(cgroup));
    const before = exact ? (await finalReports()).length : 0;
    await act();
    await refresh();
    // Only a report printed by this stop is this incarnation's (earlier ones belong to earlier incarnations).
    const after = exact ? await finalReports() : [];
    ledger.ended(how, after.length > before ? after[after.length - 1] : undefined);
  };
  const start = async (signal?: AbortSignal): Promise<void> => {
    if (running()) return;
    await (await docker()).start();
    await refresh();
    ledger.started(state.pid);
    cgroup = state.pid > 0 ? readCgroupFiles(state.pid) : undefined;
    await waitHealthy(spec.readinessTimeoutMs, signal);
  };

  return {
    id: spec.id,
    alias: spec.id,
    container,
    containerName,
    get pid() {
      return state.pid;
    },
    get url() {
      return url();
    },
    sdk: readyLine.line?.sdk ?? {},
    cpuSource: 'container',
    async stats(): Promise<ReplicaStats> {
      if (!running()) {
        const banked = ledger.bankedStats();
        if (banked) return banked;
      }
      return ledger.observed(await readReplicaStats(url() + STATS_PATH, `replica container ${spec.id}`));
    },
    cpuMicros: () => ledger.observedCpu(running() ? cgroupCpuMicros(cgroup) : undefined),
    rssBytes: () => (running() ? cgroupRssBytes(cgroup) : undefined),
    throttling: () => (running() ? cgroupThrottling(cgroup) : undefined),
    // docker update --cpu-period/--cpu-quota: applies to the running container and survives restarts.
    setCpuCap: async (cap: CpuCap) => void (await (await docker()).update({ CpuPeriod: Math.round(cap.periodUs), CpuQuota: Math.max(1000, Math.round(cap.cores * cap.periodUs)) })),
    incarnations: () => ledger.incarnations(),
    kill: (signal: NodeJS.Signals = 'SIGKILL') => end('killed', async () => void (await (await docker()).kill({ signal })), false),
    terminate: (graceMs: number) => end('terminated', async () => void (await (await docker()).stop({ t: Math.ceil(graceMs / 1000) })), true),
    start,
    async restart(graceMs: number, signal?: AbortSignal): Promise<void> {
      await end('restarted', async () => void (await (await docker()).stop({ t: Math.ceil(graceMs / 1000) })), true);
      await start(signal);
    },
    impairNetwork: (impairment) => impairContainerNetwork(state.pid, impairment),
    pause: async () => void (await (await docker()).pause()),
    resume: async () => void (await (await docker()).unpause()),
    waitHealthy,
    died(exitCode: number | undefined): void {
      if (ending || !ledger.live) return;
      state = { pid: 0, hostPort: state.hostPort };
      ledger.ended('exited', undefined, describeContainerExit(exitCode));
    },
  };
}
