import type { StartedNetwork } from 'testcontainers';
import { chooseBalancer, type BalancerSelection } from '../balancers/balancer-registry.js';
import type { ImageNames } from '../images/image-names.js';
import { REPLICA_CONTAINER_PORT } from '../images/image-recipes.js';
import { processStartTicks } from '../proc/process-start-ticks.js';
import { assembleTopology, needsRedis, type LaunchedReplica, type TopologyLaunchers } from './assemble-topology.js';
import { startBalancerContainer, type BalancerContainer } from './balancer-container.js';
import { containerResources } from './container-resources.js';
import { dockerClient } from './docker-client.js';
import { describeContainerExit, watchContainerDeaths } from './docker-events.js';
import { currentOwner, type OwnerIdentity } from './docker-labels.js';
import { startCellNetwork } from './docker-network.js';
import { runFilters, sweepLabelled } from './docker-sweep.js';
import type { Platform, StartedTopology, TopologySpec } from './platform.js';
import { startReplicaContainer, type ReplicaContainer } from './replica-container.js';
import { startRedisContainer, type RedisContainer } from './redis-container.js';
import { startUserReplicaContainer, type UserReplicaContainer } from './user-replica-container.js';
import { backendTraitsFor, userServerFor } from './user-server.js';
import { requireImage } from './start-labelled-container.js';

export interface DockerPlatformOptions {
  readonly images: ImageNames;
}

// Teardown is a few force-removes; a daemon that takes longer than this is reported, not waited for.
const TEARDOWN_DEADLINE_MS = 30_000;

/**
 * `platform: docker`: per cell, one private network, N replica containers (alias r1..rN) and a balancer
 * container running the same generated config as on the process platform, but addressing replicas by
 * name. Only the balancer's and the replicas' ports are published, on 127.0.0.1. Everything carries the
 * run/cell/owner labels, and teardown removes by label, so it also catches a half-started cell.
 * Leftovers of crashed runs are removed at the start of every run, whatever its platform (run/).
 */
export class DockerPlatform implements Platform {
  readonly name = 'docker';
  private readonly options: DockerPlatformOptions;
  private readonly versionCache = new Map<string, Promise<string>>();
  private owner: OwnerIdentity | undefined;
  private readonly checkedImages = new Map<string, Promise<void>>();

  constructor(options: DockerPlatformOptions) {
    this.options = options;
  }

  /** Once per image and run; a failed check is not cached (the user may build the image meanwhile). */
  private checkImage(image: string, what: string): Promise<void> {
    let check = this.checkedImages.get(image);
    if (!check) {
      check = requireImage(image, what).catch((e: unknown) => {
        this.checkedImages.delete(image);
        throw e;
      });
      this.checkedImages.set(image, check);
    }
    return check;
  }

  start(spec: TopologySpec, signal?: AbortSignal): Promise<StartedTopology> {
    this.owner ??= currentOwner(processStartTicks(process.pid));
    return assembleTopology(spec, this.launchers(spec, this.owner), signal);
  }

  private launchers(spec: TopologySpec, owner: OwnerIdentity): TopologyLaunchers {
    const images = this.options.images;
    let selection: BalancerSelection | undefined;
    let network: StartedNetwork | undefined;
    let redis: RedisContainer | undefined;
    let balancer: BalancerContainer | undefined;
    const replicas: Array<ReplicaContainer | UserReplicaContainer> = [];
    const user = userServerFor(spec);
    let stopWatch: (() => void) | undefined;
    // Deaths of the cell's containers, whoever caused them: replicas record their own, the balancer's is kept here.
    let balancerDeath: ((detail: string) => void) | undefined;
    const balancerEnded = new Promise<string>((resolve) => (balancerDeath = resolve));
    const net = (): StartedNetwork => {
      if (!network) throw new Error('docker launchers: prepare() has not run');
      return network;
    };
    const common = { runId: spec.runId, cellId: spec.cellId, owner, readinessTimeoutMs: spec.servers.readinessTimeoutMs };
    return {
      platform: 'docker',
      prepare: async (signal) => {
        // Refuse an impossible balancer/policy, and any missing image, before touching anything else.
        selection = await chooseBalancer(spec.balancer, spec.policy, { tuning: spec.tuning, platform: 'docker' });
        const recipe = selection.kind.container;
        await dockerClient();
        await Promise.all([
          user === undefined ? this.checkImage(images.replica, 'replicas') : this.checkImage(user.image?.name ?? images.replica, `your ${spec.model} server`),
          ...(recipe ? [this.checkImage(images[recipe.imageKind], `the ${selection.name} balancer`)] : []),
          ...(needsRedis(spec.state) ? [this.checkImage(images.redis, 'the Redis store')] : []),
        ]);
        signal?.throwIfAborted();
        network = await startCellNetwork(spec.runId, spec.cellId, owner);
        stopWatch = watchContainerDeaths(runFilters(spec.runId, spec.cellId).label, (d) => {
          const replica = replicas.find((r) => r.containerName === d.name);
          if (replica) replica.died(d.exitCode);
          else if (balancer && balancer.container.getName().replace(/^\//, '') === d.name) balancerDeath?.(describeContainerExit(d.exitCode));
        });
      },
      async startStore(signal) {
        redis = await startRedisContainer({ ...common, image: images.redis, network: net() });
        const store = redis;
        // Ends a store outage's wait when the cell is torn down mid-fault.
        const stopping = new AbortController();
        return {
          replicaUrl: store.internalUrl,
          outage: (mode, durationMs, outageSignal) => store.outage(mode, durationMs, outageSignal ? AbortSignal.any([outageSignal, stopping.signal]) : stopping.signal),
          cpuMicros: () => undefined,
          dispose: async () => stopping.abort(new Error('topology stopped')),
        };
      },
      async startReplica(id, state) {
        if (user !== undefined) {
          if (user.image === undefined) throw new Error(`servers.${spec.model}.image is missing (the config pipeline requires it on platform docker)`);
          const u = await startUserReplicaContainer({ ...common, id, model: spec.model, image: user.image, network: net() });
          replicas.push(u);
          return Object.assign(u, { backend: { id, host: u.alias, port: user.image.port, address: u.address }, dispose: () => Promise.resolve() }) as LaunchedReplica & UserReplicaContainer;
        }
        const r = await startReplicaContainer({ ...common, id, model: spec.model, image: images.replica, network: net(), legacy: spec.servers.legacy, state, cpuCap: spec.cpuCap });
        replicas.push(r);
        // Containers go in one sweep by label; the handle itself has nothing else to release.
        return Object.assign(r, { backend: { id, host: r.alias, port: REPLICA_CONTAINER_PORT }, dispose: () => Promise.resolve() }) as LaunchedReplica & ReplicaContainer;
      },
      startBalancer: async (backends, pools) => {
        const chosen = selection as BalancerSelection;
        const recipe = chosen.kind.container;
        if (!recipe) throw new Error(`balancer ${chosen.name} has no container recipe`);
        balancer = await startBalancerContainer({
          impl: chosen.name,
          recipe,
          image: images[recipe.imageKind],
          policy: spec.policy,
          backends,
          pools,
          tuning: spec.tuning,
          backendTraits: backendTraitsFor(spec),
          ...common,
          network: net(),
          workDir: spec.workDir,
          versionCache: this.versionCache,
        });
        const started = balancer;
        return {
          balancer: Object.assign(started, { ended: balancerEnded }),
          selection: { implementation: chosen.name, reason: `${chosen.reason} (image ${images[recipe.imageKind]}, ${chosen.name} ${started.version})` },
          cpuMicros: () => started.cpuMicros(),
          dispose: () => Promise.resolve(),
        };
      },
      containerResources: () =>
        containerResources([
          ...[...replicas].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })).map((r) => ({ container: r.container, role: `replica ${r.id}` })),
          ...(balancer ? [{ container: balancer.container, role: 'balancer' }] : []),
          ...(redis ? [{ container: redis.container, role: 'store' }] : []),
        ]),
      sweep: async () => {
        stopWatch?.();
        await removeCell(spec.runId, spec.cellId);
      },
    };
  }
}

/**
 * Removes every container and the network of one cell, by label. Never throws: the cell's results
 * matter more than a failed removal, which the next run's reaper retries (the owner is gone by then).
 */
async function removeCell(runId: string, cellId: string): Promise<void> {
  const filters = runFilters(runId, cellId);
  for (let attempt = 0; attempt < 2; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), TEARDOWN_DEADLINE_MS);
    });
    const result = await Promise.race([sweepLabelled(filters).catch(() => undefined), deadline]);
    clearTimeout(timer);
    if (result !== undefined && result.failures.length === 0) return;
  }
}
