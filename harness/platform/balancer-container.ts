import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { LB_HEALTH_PATH, type BackendAddress, type BackendTraits, type BalancerPolicy, type BalancerPool, type BalancerTuningRequest, type StartedBalancer } from '../balancers/balancer.js';
import { containerStdoutTail } from './container-logs.js';
import { BALANCER_CONTAINER_PORT } from '../images/image-recipes.js';
import { cgroupCpuMicros, readCgroupFiles, type CgroupFiles } from '../proc/cgroup-files.js';
import type { ContainerBalancerRecipe } from '../balancers/balancer-kind.js';
import type { BalancerImplName } from '../balancers/balancer.js';
import type { OwnerIdentity } from './docker-labels.js';
import { containerRuntimeState, removeContainerByName, startLabelledContainer } from './start-labelled-container.js';

export interface BalancerContainerSpec {
  readonly impl: BalancerImplName;
  readonly recipe: ContainerBalancerRecipe;
  readonly image: string;
  readonly policy: BalancerPolicy;
  readonly backends: readonly BackendAddress[];
  readonly pools?: readonly BalancerPool[];
  readonly tuning?: BalancerTuningRequest;
  /** What the replicas offer; undefined = the reference servers. */
  readonly backendTraits?: BackendTraits | undefined;
  readonly runId: string;
  readonly cellId: string;
  readonly owner: OwnerIdentity;
  readonly network: StartedNetwork;
  readonly workDir: string;
  readonly readinessTimeoutMs: number;
  /** Cached per image: `haproxy -v` need not run for every cell. */
  readonly versionCache: Map<string, Promise<string>>;
}

export interface BalancerContainer extends StartedBalancer {
  readonly container: StartedTestContainer;
  cpuMicros(): number | undefined;
}

/**
 * The cell's balancer as a container: its generated config is written to the cell's work folder (kept
 * with the results, exactly what ran) and copied into the container; only its port is published.
 */
export async function startBalancerContainer(spec: BalancerContainerSpec): Promise<BalancerContainer> {
  const { text: config, tuning } = spec.recipe.renderConfig({ policy: spec.policy, backends: spec.backends, runId: spec.runId, pools: spec.pools, tuning: spec.tuning, backendTraits: spec.backendTraits });
  await mkdir(spec.workDir, { recursive: true });
  const configFile = path.join(spec.workDir, spec.recipe.configFileName);
  await writeFile(configFile, config, 'utf8');
  const recent: string[] = [];
  const container = await startLabelledContainer({
    name: `${spec.impl} balancer`,
    image: spec.image,
    containerName: [spec.runId, spec.cellId, spec.impl],
    labels: { runId: spec.runId, cellId: spec.cellId, role: 'balancer', owner: spec.owner },
    network: spec.network,
    alias: 'balancer',
    command: spec.recipe.command,
    publish: [BALANCER_CONTAINER_PORT],
    files: [{ content: config, target: spec.recipe.configPath }],
    wait: Wait.forHttp(LB_HEALTH_PATH, BALANCER_CONTAINER_PORT, { abortOnContainerExit: true }).withReadTimeout(100),
    readinessTimeoutMs: spec.readinessTimeoutMs,
    logConsumer: (stream) => {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        recent.push(...chunk.split('\n').filter(Boolean));
        recent.splice(0, Math.max(0, recent.length - 20));
      });
      stream.on('error', () => undefined);
    },
    recentOutput: () => recent,
  });
  let version = spec.versionCache.get(spec.image);
  if (!version) {
    version = container.exec([...spec.recipe.versionCommand]).then((r) => spec.recipe.parseVersion(r.output), () => 'unknown');
    spec.versionCache.set(spec.image, version);
  }
  const { pid } = await containerRuntimeState(container.getId());
  const cgroup: CgroupFiles | undefined = readCgroupFiles(pid);
  const name = container.getName().replace(/^\//, '');
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= removeContainerByName(name));
  const url = `http://127.0.0.1:${container.getMappedPort(BALANCER_CONTAINER_PORT)}`;
  const readCounts = spec.backendTraits?.attribute ? spec.recipe.readCounts : undefined;
  return {
    impl: spec.impl,
    version: await version,
    policy: spec.policy,
    url,
    pid,
    configFile,
    tuning,
    container,
    cpuMicros: () => cgroupCpuMicros(cgroup),
    ...(readCounts ? { counts: () => readCounts({ baseUrl: url, backends: spec.backends, logs: () => containerStdoutTail(container.getId(), 1_000_000) }) } : {}),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
