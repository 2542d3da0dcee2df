import { Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { UserServerImage } from '../config/resolved-scenario.js';
import { cgroupCpuMicros, cgroupRssBytes, readCgroupFiles, type CgroupFiles } from '../proc/cgroup-files.js';
import { MCP_PATH, type ServerModel } from '../servers/replica-contract.js';
import { fillArgs, fillEnv } from '../servers/user-server-args.js';
import { ContainerReadyLine } from './container-ready-line.js';
import { describeContainerExit } from './docker-events.js';
import { dockerClient } from './docker-client.js';
import type { OwnerIdentity } from './docker-labels.js';
import { IncarnationLedger } from './incarnation-ledger.js';
import { waitForMcpReady } from './mcp-probe.js';
import type { ReplicaHandle } from './platform.js';
import { containerRuntimeState, startLabelledContainer, type ContainerRuntimeState } from './start-labelled-container.js';
import { noStats } from './user-replica-process.js';

export interface UserReplicaContainerSpec {
  readonly id: string;
  readonly model: ServerModel;
  readonly image: UserServerImage;
  readonly runId: string;
  readonly cellId: string;
  readonly owner: OwnerIdentity;
  readonly network: StartedNetwork;
  readonly readinessTimeoutMs: number;
}

export interface UserReplicaContainer extends ReplicaHandle {
  readonly container: StartedTestContainer;
  readonly containerName: string;
  /** The name the balancer addresses it by on the cell's network. */
  readonly alias: string;
  /** Its address on the cell's network (nginx reports the address it connected to). */
  readonly address: string;
  died(exitCode: number | undefined): void;
}

/**
 * One replica of your own server in a container, from your image: `{port}` (the image's port) and
 * `{id}` filled into its command and environment, on the cell's private network under its replica id,
 * its port published on 127.0.0.1. Up when the port answers HTTP at all, ready when it answers an MCP
 * probe; no ready line, /-/healthz or /-/stats needed (the balancer attributes and counts).
 */
export async function startUserReplicaContainer(spec: UserReplicaContainerSpec): Promise<UserReplicaContainer> {
  const { image } = spec;
  const placeholders = { port: image.port, id: spec.id };
  const output = new ContainerReadyLine();
  const who = `replica ${spec.id} (your ${spec.model} server, image ${image.name})`;
  const container = await startLabelledContainer({
    name: who,
    image: image.name,
    containerName: [spec.runId, spec.cellId, spec.id],
    labels: { runId: spec.runId, cellId: spec.cellId, role: 'replica', owner: spec.owner },
    network: spec.network,
    alias: spec.id,
    ...(image.command ? { command: fillArgs(image.command, placeholders) } : {}),
    env: fillEnv(image.env, placeholders),
    publish: [image.port],
    // Any HTTP answer means it listens (an MCP endpoint answers a bodyless POST with 4xx); the MCP probe follows.
    wait: Wait.forHttp(MCP_PATH, image.port, { abortOnContainerExit: true }).withMethod('POST').forStatusCodeMatching((status) => status > 0).withReadTimeout(500),
    readinessTimeoutMs: spec.readinessTimeoutMs,
    logConsumer: output.consume,
    recentOutput: () => output.recentOutput(),
  });
  const containerName = container.getName().replace(/^\//, '');
  const docker = async () => (await dockerClient()).container.dockerode.getContainer(container.getId());
  let state: ContainerRuntimeState = await containerRuntimeState(container.getId(), image.port);
  let cgroup: CgroupFiles | undefined = state.pid > 0 ? readCgroupFiles(state.pid) : undefined;
  const refresh = async (): Promise<void> => {
    state = await containerRuntimeState(container.getId(), image.port);
    cgroup = state.pid > 0 ? readCgroupFiles(state.pid) : undefined;
  };
  const url = (): string => `http://127.0.0.1:${state.hostPort ?? container.getMappedPort(image.port)}`;
  const running = (): boolean => state.pid > 0;
  const ready = (timeoutMs: number, signal?: AbortSignal) =>
    waitForMcpReady({ who, baseUrl: url(), model: spec.model, timeoutMs, signal, recentOutput: () => output.recentOutput(), command: `docker run --rm -p ${image.port} ${image.name}` });
  let identity;
  try {
    identity = await ready(spec.readinessTimeoutMs);
  } catch (e) {
    await (await docker()).remove({ force: true }).catch(() => undefined);
    throw e;
  }
  const ledger = new IncarnationLedger(state.pid);
  let ending = false;
  const end = async (how: 'killed' | 'terminated' | 'restarted', act: () => Promise<void>): Promise<void> => {
    if (!running()) return;
    ending = true;
    try {
      ledger.observedCpu(cgroupCpuMicros(cgroup));
      await act();
      await refresh();
      ledger.ended(how, undefined);
    } finally {
      ending = false;
    }
  };
  const start = async (signal?: AbortSignal): Promise<void> => {
    if (running()) return;
    await (await docker()).start();
    await refresh();
    ledger.started(state.pid);
    await ready(spec.readinessTimeoutMs, signal);
  };
  const stopGracefully = async (graceMs: number): Promise<void> => void (await (await docker()).stop({ t: Math.ceil(graceMs / 1000) }));

  return {
    id: spec.id,
    alias: spec.id,
    address: container.getIpAddress(spec.network.getName()),
    container,
    containerName,
    countsFrom: 'balancer',
    get pid() {
      return state.pid;
    },
    get url() {
      return url();
    },
    sdk: { [identity.name]: identity.version },
    cpuSource: 'container',
    stats: () => noStats(spec.id),
    cpuMicros: () => ledger.observedCpu(running() ? cgroupCpuMicros(cgroup) : undefined),
    rssBytes: () => (running() ? cgroupRssBytes(cgroup) : undefined),
    incarnations: () => ledger.incarnations(),
    kill: (signal: NodeJS.Signals = 'SIGKILL') => end('killed', async () => void (await (await docker()).kill({ signal }))),
    terminate: (graceMs: number) => end('terminated', () => stopGracefully(graceMs)),
    start,
    async restart(graceMs: number, signal?: AbortSignal): Promise<void> {
      await end('restarted', () => stopGracefully(graceMs));
      await start(signal);
    },
    pause: async () => void (await (await docker()).pause()),
    resume: async () => void (await (await docker()).unpause()),
    died(exitCode: number | undefined): void {
      if (ending || !ledger.live) return;
      state = { pid: 0, hostPort: state.hostPort };
      ledger.ended('exited', undefined, describeContainerExit(exitCode));
    },
  };
}
