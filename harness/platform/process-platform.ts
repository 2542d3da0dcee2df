import { mkdir } from 'node:fs/promises';
import { chooseBalancer } from '../balancers/balancer-registry.js';
import type { StartedBalancer } from '../balancers/balancer.js';
import type { Platform, ReplicaHandle, StartedTopology, TopologySpec } from './platform.js';
import { processCpuMicros } from '../proc/proc-stat.js';
import { poolsForCell } from '../balancers/pool-assignment.js';
import { startRedisProcess, type StartedRedis } from './redis-process.js';
import { startReplicaProcess } from './replica-process.js';
import { needsRedis } from './topology-extras.js';

/**
 * The embedded default: replicas and balancer as child processes on 127.0.0.1, ports chosen by the OS.
 * A failure half-way through start() stops whatever had already started before rethrowing.
 */
export class ProcessPlatform implements Platform {
  readonly name = 'process';

  async start(spec: TopologySpec, signal?: AbortSignal): Promise<StartedTopology> {
    await mkdir(spec.workDir, { recursive: true });
    const stoppers: Array<() => Promise<void>> = [];
    const stopAll = async (): Promise<void> => {
      // Balancer first (it is last in the list), so clients see no replica disappearing behind it.
      await Promise.allSettled(stoppers.splice(0).reverse().map((s) => s()));
    };
    try {
      const selection = await chooseBalancer(spec.balancer, spec.policy, spec.tuning ? { tuning: spec.tuning } : {});
      // The shared store starts first and stops last (stoppers run in reverse).
      let redis: StartedRedis | undefined;
      let state = spec.state;
      if (needsRedis(state)) {
        redis = await startRedisProcess({ runId: spec.runId, readinessTimeoutMs: spec.servers.readinessTimeoutMs }, signal);
        const started = redis;
        stoppers.push(() => started.stop());
        state = { ...state, redisUrl: redis.url };
      }
      const replicaStarts = Array.from({ length: spec.replicas }, (_, i) =>
        startReplicaProcess(
          { id: `r${i + 1}`, model: spec.model, runId: spec.runId, legacy: spec.servers.legacy, readinessTimeoutMs: spec.servers.readinessTimeoutMs, ...(state ? { state } : {}) },
          signal,
        ).then((r) => {
          stoppers.push(r.stop);
          return r;
        }),
      );
      const settled = await Promise.allSettled(replicaStarts);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      const replicas = settled.map((s) => (s as PromiseFulfilledResult<ReplicaHandle & { stop(): Promise<void> }>).value);
      signal?.throwIfAborted();
      const balancer: StartedBalancer = await selection.implementation.start(
        {
          policy: spec.policy,
          backends: replicas.map((r) => ({ id: r.id, host: '127.0.0.1', port: Number(new URL(r.url).port) })),
          runId: spec.runId,
          workDir: spec.workDir,
          readinessTimeoutMs: spec.servers.readinessTimeoutMs,
          pools: poolsForCell(spec.policy, spec.pools, replicas.map((r) => r.id)),
          tuning: spec.tuning,
        },
        signal,
      );
      stoppers.push(() => balancer.stop());
      let stopped: Promise<void> | undefined;
      return {
        balancer,
        selection: { implementation: selection.implementation.name, reason: selection.reason },
        replicas,
        // nginx runs a master and a worker: its CPU is theirs together.
        balancerCpuMicros: () => sumCpuMicros(balancer.processIds?.() ?? [balancer.pid]),
        ...(redis ? { storeOutage: (mode: 'hang' | 'refuse', ms: number) => (redis as StartedRedis).outage(mode, ms) } : {}),
        stop: () => (stopped ??= stopAll()),
        [Symbol.asyncDispose]: () => (stopped ??= stopAll()),
      };
    } catch (e) {
      await stopAll();
      throw e;
    }
  }
}

/** CPU of several processes together; undefined if any cannot be read (never a partial sum). */
function sumCpuMicros(pids: readonly number[]): number | undefined {
  let sum = 0;
  for (const pid of pids) {
    const us = processCpuMicros(pid);
    if (us === undefined) return undefined;
    sum += us;
  }
  return sum;
}
