import { mkdir } from 'node:fs/promises';
import type { BackendAddress, BalancerPool, StartedBalancer } from '../balancers/balancer.js';
import type { BalancerRuntimeControl } from '../balancers/balancer-control.js';
import { poolsForCell } from '../balancers/pool-assignment.js';
import type { ReplicaStateOptions } from '../servers/replica-state-args.js';
import type { BalancerSelectionRecord, ContainerResources, ReplicaHandle, StartedTopology, StoreHandle, TopologyEvent, TopologySpec } from './platform.js';

/** What a launcher started, plus how to remove it (teardown only; faults use the handle's capabilities). */
export interface Launched {
  dispose(): Promise<void>;
}

export interface LaunchedStore extends StoreHandle, Launched {
  /** Address the replicas connect to (a container alias on docker). */
  readonly replicaUrl: string;
}

export interface LaunchedReplica extends ReplicaHandle, Launched {
  /** How the balancer reaches it (127.0.0.1:port, or its alias on the cell's network). */
  readonly backend: BackendAddress;
}

export interface LaunchedBalancer extends Launched {
  readonly balancer: StartedBalancer;
  readonly selection: BalancerSelectionRecord;
  cpuMicros(): number | undefined;
}

/** Watches the balancer for a death nobody asked for (it ended before the topology began to stop). */
function balancerDeathWatch(lb: LaunchedBalancer, stopping: () => boolean): () => TopologyEvent[] {
  let death: TopologyEvent | undefined;
  void lb.balancer.ended?.then((detail) => {
    if (!stopping()) death = { atEpochMs: Date.now(), target: 'balancer', detail: `${lb.balancer.impl} ${detail}` };
  });
  return () => (death ? [death] : []);
}

/** Replicas that died on their own, from their incarnations. */
function replicaDeaths(replicas: readonly ReplicaHandle[]): TopologyEvent[] {
  return replicas.flatMap((r) =>
    r
      .incarnations()
      .filter((i) => i.end === 'exited')
      .map((i) => ({ atEpochMs: i.endedAtEpochMs ?? 0, target: 'replica' as const, replicaId: r.id, detail: i.detail ?? 'exited' })),
  );
}

/**
 * One platform's way of starting each part of a topology. The assembly decides the order and the
 * cleanup, the launchers only how: process (child processes on 127.0.0.1) or docker (containers).
 */
export interface TopologyLaunchers {
  readonly platform: string;
  /** Checks that need nothing started (balancer choice, images); runs before any part starts. */
  prepare?(signal?: AbortSignal): Promise<void>;
  startStore(signal?: AbortSignal): Promise<LaunchedStore>;
  startReplica(id: string, state: ReplicaStateOptions | undefined, signal?: AbortSignal): Promise<LaunchedReplica>;
  startBalancer(backends: readonly BackendAddress[], pools: readonly BalancerPool[] | undefined, signal?: AbortSignal): Promise<LaunchedBalancer>;
  containerResources?(): Promise<ContainerResources[]>;
  /** Removes whatever the cell left, also parts whose start failed half-way (docker: by label). */
  sweep?(): Promise<void>;
}

/** Whether the state strategy keeps anything in a shared Redis. */
export function needsRedis(state: ReplicaStateOptions | undefined): boolean {
  return state !== undefined && [state.sessionStore, state.handleStore, state.taskStore].includes('redis');
}

/**
 * The one assembly of a topology, whatever the platform: store → replicas (in parallel) → balancer.
 * A failure half-way stops what had started (and sweeps) before rethrowing; stop() is idempotent and
 * stops the balancer first (clients see no replica vanish behind it), the store last.
 */
export async function assembleTopology(spec: TopologySpec, launchers: TopologyLaunchers, signal?: AbortSignal): Promise<StartedTopology> {
  await mkdir(spec.workDir, { recursive: true });
  // Started parts by stage; stopped in reverse: the balancer, then the replicas together, then the store.
  const stages: Launched[][] = [[], [], []];
  const [storeStage, replicaStage, balancerStage] = stages as [Launched[], Launched[], Launched[]];
  const stopAll = async (): Promise<void> => {
    for (const stage of [...stages].reverse()) await Promise.allSettled(stage.splice(0).map((p) => p.dispose()));
    await launchers.sweep?.();
  };
  try {
    signal?.throwIfAborted();
    await launchers.prepare?.(signal);
    signal?.throwIfAborted();
    let state = spec.state;
    let store: LaunchedStore | undefined;
    if (needsRedis(state)) {
      store = await launchers.startStore(signal);
      storeStage.push(store);
      state = { ...state, redisUrl: store.replicaUrl };
    }
    signal?.throwIfAborted();
    const settled = await Promise.allSettled(
      Array.from({ length: spec.replicas }, (_, i) =>
        launchers.startReplica(`r${i + 1}`, state, signal).then((r) => {
          replicaStage.push(r);
          return r;
        }),
      ),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const replicas = settled.map((s) => (s as PromiseFulfilledResult<LaunchedReplica>).value);
    signal?.throwIfAborted();
    const pools = poolsForCell(spec.policy, spec.pools, replicas.map((r) => r.id));
    const lb = await launchers.startBalancer(
      replicas.map((r) => r.backend),
      pools,
      signal,
    );
    balancerStage.push(lb);
    let stopped: Promise<void> | undefined;
    const balancerDeaths = balancerDeathWatch(lb, () => stopped !== undefined);
    const stop = (): Promise<void> => (stopped ??= stopAll());
    const control = lb.balancer.control;
    const scaling = control && spec.faultControl ? scaleOps(replicas, replicaStage, spec.faultControl.spareReplicaIds, (id, s) => launchers.startReplica(id, state, s), control) : {};
    return {
      platform: launchers.platform,
      balancer: lb.balancer,
      selection: lb.selection,
      replicas,
      store,
      ...scaling,
      balancerCpuMicros: () => lb.cpuMicros(),
      events: () => [...replicaDeaths(replicas), ...balancerDeaths()].sort((a, b) => a.atEpochMs - b.atEpochMs),
      ...(launchers.containerResources ? { containerResources: () => launchers.containerResources!() } : {}),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * Scale-out and scale-in on a started topology: a new replica takes the next spare id and is added to
 * the balancer once ready; a removed one is drained by the balancer, stopped gracefully, then taken
 * out. Both stay in `replicas` (and in teardown), so their counts are read and reconciled.
 */
function scaleOps(
  replicas: LaunchedReplica[],
  stage: Launched[],
  spareIds: readonly string[],
  start: (id: string, signal?: AbortSignal) => Promise<LaunchedReplica>,
  control: BalancerRuntimeControl,
): Pick<StartedTopology, 'addReplica' | 'removeReplica'> {
  const free = [...spareIds];
  return {
    async addReplica(signal) {
      const id = free.shift();
      if (!id) throw new Error(`no spare replica slot left (the cell was started with room for ${spareIds.length} more)`);
      const r = await start(id, signal);
      stage.push(r);
      replicas.push(r);
      await control.addBackend(r.backend, signal);
      return r;
    },
    async removeReplica(id, drainMs, graceMs, signal) {
      const r = replicas.find((x) => x.id === id);
      if (!r) throw new Error(`no replica "${id}" to remove`);
      if (!r.terminate) throw new Error(`replica ${id} cannot be stopped gracefully on this platform`);
      const drained = await control.drainBackend(id, drainMs, signal);
      await r.terminate(graceMs);
      await control.removeBackend(id);
      return { drained };
    },
  };
}
