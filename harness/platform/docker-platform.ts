import { mkdir } from 'node:fs/promises';
import type { StartedNetwork } from 'testcontainers';
import { poolsForCell } from '../balancers/pool-assignment.js';
import { topologyContainerResources } from '../faults/container-faults.js';
import type { ImageNames } from '../images/image-names.js';
import { REPLICA_CONTAINER_PORT } from '../images/image-recipes.js';
import { startBalancerContainer, type BalancerContainer } from './balancer-container.js';
import { containerBalancerFor } from './container-balancers.js';
import { dockerClient } from './docker-client.js';
import { currentOwner, type OwnerIdentity } from './docker-labels.js';
import { startCellNetwork } from './docker-network.js';
import { reapDockerOrphans } from './docker-reaper.js';
import { runFilters, sweepLabelled, type SweepResult } from './docker-sweep.js';
import type { Platform, StartedTopology, TopologySpec } from './platform.js';
import { processStartTicks } from '../proc/process-start-ticks.js';
import { startReplicaContainer, type ReplicaContainer } from './replica-container.js';
import { requireImage } from './start-labelled-container.js';
import { startRedisContainer, type RedisContainer } from './redis-container.js';
import { needsRedis, topologyExtras } from './topology-extras.js';

export interface DockerPlatformOptions {
  readonly images: ImageNames;
  /** Reap orphans of earlier runs before the first cell (default true). */
  readonly reapOrphans?: boolean;
}

/** What a docker topology offers beyond StartedTopology: the containers, for container faults. */
export interface DockerTopology extends StartedTopology {
  readonly platform: 'docker';
  readonly replicas: readonly ReplicaContainer[];
  readonly balancer: BalancerContainer;
  readonly networkName: string;
  /** The cell's Redis, when its state strategy uses one. */
  readonly redis: RedisContainer | undefined;
  /** Milliseconds from start() to a ready topology. */
  readonly startMs: number;
}

export function isDockerTopology(t: StartedTopology): t is DockerTopology {
  return (t as Partial<DockerTopology>).platform === 'docker';
}

// Teardown is a few force-removes; a daemon that takes longer than this is reported, not waited for.
const TEARDOWN_DEADLINE_MS = 30_000;

/**
 * `platform: docker`: per cell, one private network, N replica containers (alias r1..rN) and a balancer
 * container running the same generated config as on the process platform, but addressing replicas by
 * name. Only the balancer's and the replicas' ports are published, on 127.0.0.1. Everything carries the
 * run/cell/owner labels, and teardown removes by label, so it also catches a half-started cell.
 */
export class DockerPlatform implements Platform {
  readonly name = 'docker';
  private readonly options: DockerPlatformOptions;
  private readonly versionCache = new Map<string, Promise<string>>();
  private reaping: Promise<SweepResult | undefined> | undefined;
  private owner: OwnerIdentity | undefined;
  private readonly checkedImages = new Map<string, Promise<void>>();

  constructor(options: DockerPlatformOptions) {
    this.options = options;
  }

  /** Orphans removed before the first cell (undefined until a cell started, or when reaping failed). */
  reaped(): Promise<SweepResult | undefined> {
    return this.reaping ?? Promise.resolve(undefined);
  }

  async leftoversRemoved(): Promise<string | undefined> {
    const r = await this.reaped();
    if (!r || r.containers.length + r.networks.length + r.failures.length === 0) return undefined;
    const removed = `removed ${r.containers.length} container(s) and ${r.networks.length} network(s) left by earlier runs that did not shut down`;
    return r.failures.length > 0 ? `${removed}; could not remove ${r.failures.length}: ${r.failures.join('; ')}` : removed;
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

  async start(spec: TopologySpec, signal?: AbortSignal): Promise<DockerTopology> {
    const startedAt = performance.now();
    // Refuse an impossible balancer/policy before touching Docker.
    const { kind, reason } = containerBalancerFor(spec.balancer, spec.policy);
    await dockerClient();
    if (this.options.reapOrphans !== false) {
      this.reaping ??= reapDockerOrphans().catch(() => undefined);
      await this.reaping;
    }
    // Every image checked before anything starts: a missing one fails the cell at once, not after the replicas.
    const balancerImage = this.options.images[kind.imageKind];
    await Promise.all([
      this.checkImage(this.options.images.replica, 'replicas'),
      this.checkImage(balancerImage, `the ${kind.impl} balancer`),
      ...(needsRedis(topologyExtras(spec).state) ? [this.checkImage(this.options.images.redis, 'the Redis store')] : []),
    ]);
    this.owner ??= currentOwner(processStartTicks(process.pid));
    const owner = this.owner;
    await mkdir(spec.workDir, { recursive: true });
    const teardown = (): Promise<void> => removeCell(spec.runId, spec.cellId);
    try {
      signal?.throwIfAborted();
      const network: StartedNetwork = await startCellNetwork(spec.runId, spec.cellId, owner);
      signal?.throwIfAborted();
      // A shared store first: replicas connect to it at start-up, by its alias on the cell's network.
      const extras = topologyExtras(spec);
      let state = extras.state;
      const redis = needsRedis(state)
        ? await startRedisContainer({ image: this.options.images.redis, runId: spec.runId, cellId: spec.cellId, owner, network, readinessTimeoutMs: spec.servers.readinessTimeoutMs })
        : undefined;
      if (redis) state = { ...state, redisUrl: redis.internalUrl };
      signal?.throwIfAborted();
      const settled = await Promise.allSettled(
        Array.from({ length: spec.replicas }, (_, i) =>
          startReplicaContainer({
            id: `r${i + 1}`,
            model: spec.model,
            image: this.options.images.replica,
            runId: spec.runId,
            cellId: spec.cellId,
            owner,
            network,
            legacy: spec.servers.legacy,
            ...(state ? { state } : {}),
            readinessTimeoutMs: spec.servers.readinessTimeoutMs,
          }),
        ),
      );
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      const replicas = settled.map((s) => (s as PromiseFulfilledResult<ReplicaContainer>).value);
      signal?.throwIfAborted();
      const balancer = await startBalancerContainer({
        kind,
        image: balancerImage,
        policy: spec.policy,
        backends: replicas.map((r) => ({ id: r.id, host: r.alias, port: REPLICA_CONTAINER_PORT })),
        // Replicas assigned to route-by-* pools exactly as on the process platform.
        pools: poolsForCell(spec.policy, spec.pools, replicas.map((r) => r.id)),
        ...(spec.tuning ? { tuning: spec.tuning } : {}),
        runId: spec.runId,
        cellId: spec.cellId,
        owner,
        network,
        workDir: spec.workDir,
        readinessTimeoutMs: spec.servers.readinessTimeoutMs,
        versionCache: this.versionCache,
      });
      signal?.throwIfAborted();
      let stopped: Promise<void> | undefined;
      // Ends a store outage's wait when the cell is torn down mid-fault.
      const stopping = new AbortController();
      const stop = (): Promise<void> => {
        stopping.abort(new Error('topology stopped'));
        return (stopped ??= teardown());
      };
      const topology: DockerTopology = {
        platform: 'docker',
        balancer,
        selection: { implementation: kind.impl, reason: `${reason} (image ${this.options.images[kind.imageKind]}, ${kind.impl} ${balancer.version})` },
        replicas,
        networkName: network.getName(),
        redis,
        startMs: performance.now() - startedAt,
        balancerCpuMicros: () => balancer.cpuMicros(),
        containerResources: () => topologyContainerResources(topology),
        ...(redis ? { storeOutage: (mode: 'hang' | 'refuse', ms: number) => redis.outage(mode, ms, stopping.signal) } : {}),
        stop,
        [Symbol.asyncDispose]: stop,
      };
      return topology;
    } catch (e) {
      await teardown();
      throw e;
    }
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
