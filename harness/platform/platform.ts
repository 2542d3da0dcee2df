import type { ContainerResources } from '../faults/container-faults.js';
import type { BalancerPolicy, BalancerTuningRequest, StartedBalancer } from '../balancers/balancer.js';
import type { PoolRequest } from '../balancers/pool-assignment.js';
import type { BalancerChoice, ServersSpec } from '../config/resolved-scenario.js';
import type { ReplicaStats, ServerModel } from '../servers/replica-contract.js';
import type { ReplicaStateOptions } from '../servers/replica-state-args.js';

/** Everything one cell needs running: N replicas of one server model behind one balancer policy. */
export interface TopologySpec {
  readonly runId: string;
  readonly cellId: string;
  readonly model: ServerModel;
  readonly replicas: number;
  readonly policy: BalancerPolicy;
  readonly balancer: BalancerChoice;
  readonly servers: ServersSpec;
  /** Folder for this cell's generated configs and logs (inside the run's results folder). */
  readonly workDir: string;
  /** route-by-* pools as the scenario gives them; the platform assigns replicas to them (poolsForCell). */
  readonly pools?: readonly PoolRequest[];
  /** Health checks / retries / redispatch; undefined = each balancer's documented defaults. */
  readonly tuning?: BalancerTuningRequest;
  /** Which stores the replicas use (sessions, handles, tasks); a Redis is started when any is `redis`. */
  readonly state?: ReplicaStateOptions;
}

export interface ReplicaHandle {
  readonly id: string;
  readonly pid: number;
  readonly url: string;
  readonly sdk: Readonly<Record<string, string>>;
  stats(): Promise<ReplicaStats>;
  /** CPU time used so far (µs), undefined when it cannot be read on this platform. */
  cpuMicros(): number | undefined;
  rssBytes(): number | undefined;
}

export interface BalancerSelection {
  readonly implementation: string;
  readonly reason: string;
}

export interface StartedTopology extends AsyncDisposable {
  readonly balancer: StartedBalancer;
  readonly selection: BalancerSelection;
  readonly replicas: readonly ReplicaHandle[];
  balancerCpuMicros(): number | undefined;
  /** Takes the shared store down for a while (fault injection); absent when the topology has none. */
  storeOutage?(mode: 'hang' | 'refuse', durationMs: number): Promise<void>;
  /** Containers only: each one's cumulative CPU and memory now (Docker stats API, about a second). */
  containerResources?(): Promise<ContainerResources[]>;
  /** Stops everything this topology started; idempotent. */
  stop(): Promise<void>;
}

/** Where a topology runs: local processes (default), containers, or an external deployment. */
export interface Platform {
  readonly name: string;
  start(spec: TopologySpec, signal?: AbortSignal): Promise<StartedTopology>;
  /**
   * What the platform removed of earlier runs that died without cleaning up (once it has looked, at
   * its first start), as one line for the run's warnings; undefined when it removed nothing.
   */
  leftoversRemoved?(): Promise<string | undefined>;
}
