import { chooseBalancer, type BalancerSelection } from '../balancers/balancer-registry.js';
import { processCpuMicros } from '../proc/proc-stat.js';
import { createProcessCgroup } from '../proc/process-cgroup.js';
import { assembleTopology, type TopologyLaunchers } from './assemble-topology.js';
import type { Platform, StartedTopology, TopologySpec } from './platform.js';
import { startRedisProcess } from './redis-process.js';
import { startReplicaProcess } from './replica-process.js';
import { startUserReplicaProcess } from './user-replica-process.js';
import { backendTraitsFor, userServerFor } from './user-server.js';

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

/** Child processes on 127.0.0.1, ports chosen by the OS. */
export function processLaunchers(spec: TopologySpec): TopologyLaunchers {
  let chosen: Promise<BalancerSelection> | undefined;
  const selection = (): Promise<BalancerSelection> => (chosen ??= chooseBalancer(spec.balancer, spec.policy, { tuning: spec.tuning, platform: 'process' }));
  return {
    platform: 'process',
    // Refuse a missing or unfit balancer before any replica starts.
    prepare: async () => void (await selection()),
    async startStore(signal) {
      const redis = await startRedisProcess({ runId: spec.runId, readinessTimeoutMs: spec.servers.readinessTimeoutMs }, signal);
      return {
        replicaUrl: redis.url,
        // The store's own stop signal (teardown) or the run's (interrupt) ends an outage's wait.
        outage: (mode, durationMs, signal) => redis.outage(mode, durationMs, signal),
        cpuMicros: () => redis.cpuMicros(),
        dispose: () => redis.stop(),
      };
    },
    async startReplica(id, state, signal) {
      const user = userServerFor(spec);
      if (user !== undefined) {
        if (user.command === undefined) throw new Error(`servers.${spec.model}.command is missing (the config pipeline requires it on platform process)`);
        const r = await startUserReplicaProcess({ id, model: spec.model, runId: spec.runId, command: user.command, readinessTimeoutMs: spec.servers.readinessTimeoutMs, cgroupName: `${spec.cellId}.${id}` }, signal);
        return Object.assign(r, { backend: { id, host: '127.0.0.1', port: r.port } });
      }
      const r = await startReplicaProcess({ id, model: spec.model, runId: spec.runId, legacy: spec.servers.legacy, readinessTimeoutMs: spec.servers.readinessTimeoutMs, state, cgroupName: `${spec.cellId}.${id}`, cpuCap: spec.cpuCap }, signal);
      return Object.assign(r, { backend: { id, host: '127.0.0.1', port: r.port } });
    },
    async startBalancer(backends, pools, signal) {
      const { kind, name, reason } = await selection();
      const balancer = await kind.start(
        {
          policy: spec.policy,
          backends,
          runId: spec.runId,
          workDir: spec.workDir,
          readinessTimeoutMs: spec.servers.readinessTimeoutMs,
          pools,
          tuning: spec.tuning,
          backendTraits: backendTraitsFor(spec),
          ...(spec.faultControl ? { runtimeControl: { spareBackendIds: spec.faultControl.spareReplicaIds } } : {}),
        },
        signal,
      );
      // nginx runs a master and a worker: its CPU is theirs together (one cgroup holds both).
      const pids = balancer.processIds?.() ?? [balancer.pid];
      const cgroup = createProcessCgroup(spec.runId, `${spec.cellId}.balancer`);
      try {
        cgroup?.add(pids);
      } catch {
        cgroup?.remove();
      }
      return {
        balancer,
        selection: { implementation: name, reason },
        cpuMicros: () => cgroup?.cpuMicros() ?? sumCpuMicros(pids),
        dispose: async () => {
          await balancer.stop();
          cgroup?.remove();
        },
      };
    },
  };
}

/** The embedded default: replicas, balancer and store as child processes on 127.0.0.1. */
export class ProcessPlatform implements Platform {
  readonly name = 'process';

  start(spec: TopologySpec, signal?: AbortSignal): Promise<StartedTopology> {
    return assembleTopology(spec, processLaunchers(spec), signal);
  }
}
