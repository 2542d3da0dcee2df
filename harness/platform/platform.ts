import type { BalancerChoice, BalancerPolicy, BalancerTuningRequest, StartedBalancer } from '../balancers/balancer.js';
import type { PoolRequest } from '../balancers/pool-assignment.js';
import type { CpuThrottling } from '../proc/process-cgroup.js';
import type { ServersSpec } from '../config/resolved-scenario.js';
import type { ReplicaStats, ServerModel } from '../servers/replica-contract.js';
import type { ReplicaStateOptions } from '../servers/replica-state-args.js';
import type { NetworkImpairment } from './container-netem.js';

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
  /** route-by-* pools as the scenario gives them; the assembly assigns replicas to them (poolsForCell). */
  readonly pools?: readonly PoolRequest[] | undefined;
  /** Health checks / retries / redispatch; undefined = each balancer's documented defaults. */
  readonly tuning?: BalancerTuningRequest | undefined;
  /** Which stores the replicas use (sessions, handles, tasks); a Redis is started when any is `redis`. */
  readonly state?: ReplicaStateOptions | undefined;
  /**
   * Faults on the cell's timeline need the balancer under runtime control (drain, health state, reload)
   * and, for scale-out, room for more replicas than it starts with (their ids).
   */
  readonly faultControl?: { readonly spareReplicaIds: readonly string[] } | undefined;
  /** A CPU cap on every replica (a CFS quota, like a pod's CPU limit); undefined = uncapped. */
  readonly cpuCap?: CpuCap | undefined;
}

/** `cores` CPUs per `periodUs` for each replica: a quota of cores × period µs in every CFS period. */
export interface CpuCap {
  readonly cores: number;
  readonly periodUs: number;
}

export type { CpuThrottling };

/** How one incarnation of a replica (a process or a container run) ended, and what its counts are worth. */
export interface IncarnationRecord {
  /** 1 for the first start; a restart or a start after a kill makes the next. */
  readonly index: number;
  readonly pid: number;
  /** How it ended; undefined while it runs. `exited`: it died on its own (nobody asked it to). */
  readonly end?: 'killed' | 'terminated' | 'restarted' | 'exited' | undefined;
  /** When it ended (Date.now()), and how, e.g. "killed by SIGKILL", "exit code 1", "container exited with code 137". */
  readonly endedAtEpochMs?: number | undefined;
  readonly detail?: string | undefined;
  /**
   * Where its counts come from: `final` (the replica reported them as it shut down: exact), `last-read`
   * (it died without a word: counts up to the last successful read, requests after that are missing),
   * `none` (never read), `live` (still running).
   */
  readonly counts: 'live' | 'final' | 'last-read' | 'none';
}

/**
 * One replica of a started topology, across its incarnations. The optional methods are the replica's
 * capabilities on its platform (faults use them and refuse what a platform cannot do); `stats()` sums
 * every incarnation's counts, so a restarted replica still reconciles with what the client saw.
 */
export interface ReplicaHandle {
  readonly id: string;
  /** The current incarnation's process as this machine sees it (0 when not known or not running). */
  readonly pid: number;
  /** Base URL of the replica itself (not the balancer): its admin endpoints. Moves with a container restart. */
  readonly url: string;
  readonly sdk: Readonly<Record<string, string>>;
  /** Where cpuMicros() comes from: its own cgroup (ns), its container's cgroup, /proc (schedstat ns or 10 ms ticks), or nowhere. */
  readonly cpuSource: 'cgroup' | 'container' | 'proc' | 'none';
  /** Counts of every incarnation, summed (see incarnations() for how complete they are). */
  stats(): Promise<ReplicaStats>;
  /**
   * `balancer`: a server without the reference contract (your own server): it serves no /-/stats and
   * sends no X-Replica-Id, so stats() rejects and the balancer's per-server counts stand in for its own.
   * Absent = the replica reports its own counts.
   */
  readonly countsFrom?: 'balancer' | undefined;
  /** CPU time used so far over every incarnation (µs), undefined when it cannot be read here. */
  cpuMicros(): number | undefined;
  rssBytes(): number | undefined;
  incarnations(): readonly IncarnationRecord[];
  /** Sends a signal (default SIGKILL) and waits until the replica is gone. */
  kill?(signal?: NodeJS.Signals): Promise<void>;
  /** Graceful stop: SIGTERM, in-flight requests finish within `graceMs`, then it is gone. */
  terminate?(graceMs: number): Promise<void>;
  /** A new incarnation (same id and address for the balancer); resolves once it is ready. */
  start?(signal?: AbortSignal): Promise<void>;
  /** terminate() then start(). */
  restart?(graceMs: number, signal?: AbortSignal): Promise<void>;
  /**
   * Delays or drops the replica's packets (docker: `tc netem` in its network namespace) until the
   * returned undo runs. Absent where it cannot be done (process platform: the replicas share loopback).
   */
  impairNetwork?(impairment: NetworkImpairment): Promise<() => Promise<void>>;
  /** CFS throttling counters so far, where the replica has a CPU cap the platform can read (cgroup cpu.stat). */
  throttling?(): CpuThrottling | undefined;
  /** Caps a running replica's CPU from now on (and every later incarnation of it). */
  setCpuCap?(cap: CpuCap): Promise<void>;
  /** Freezes the replica (SIGSTOP / docker pause) until resume(). */
  pause?(): Promise<void>;
  resume?(): Promise<void>;
}

/** Something that happened to a topology that nobody scheduled: a replica or the balancer died. */
export interface TopologyEvent {
  readonly atEpochMs: number;
  readonly target: 'replica' | 'balancer';
  /** The replica's id, for a replica. */
  readonly replicaId?: string | undefined;
  readonly detail: string;
}

/** A cell's shared store (Redis), when its state strategy uses one. */
export interface StoreHandle {
  /**
   * hang: the store stops answering for `durationMs` and keeps its data; refuse: it is killed and
   * comes back empty after `durationMs`. Resolves once it serves again; `signal` ends the wait.
   */
  outage(mode: 'hang' | 'refuse', durationMs: number, signal?: AbortSignal): Promise<void>;
  cpuMicros(): number | undefined;
}

/** Per-container CPU and memory (Docker stats API); other platforms have none. */
export interface ContainerResources {
  readonly name: string;
  readonly role: string;
  readonly running: boolean;
  /** Cumulative CPU time (user + system) of the container, µs. */
  readonly cpuUs: number | undefined;
  /** Memory usage as Docker reports it (includes page cache), bytes. */
  readonly memoryBytes: number | undefined;
}

/** Which balancer a topology runs and why (recorded with the cell). */
export interface BalancerSelectionRecord {
  readonly implementation: string;
  readonly reason: string;
}

export interface StartedTopology extends AsyncDisposable {
  readonly platform: string;
  readonly balancer: StartedBalancer;
  readonly selection: BalancerSelectionRecord;
  readonly replicas: readonly ReplicaHandle[];
  /** The cell's shared store, when it has one. */
  readonly store: StoreHandle | undefined;
  balancerCpuMicros(): number | undefined;
  /** Unplanned deaths so far (replicas from their incarnations, the balancer from its process or container). */
  events(): readonly TopologyEvent[];
  /** Containers only: each one's cumulative CPU and memory now (Docker stats API, about a second). */
  containerResources?(): Promise<ContainerResources[]>;
  /**
   * Scale-out: starts the next replica (r<N+1>) and has the balancer route to it; resolves once it
   * serves. Present when the platform and balancer can do it (faultControl, balancer runtime control).
   */
  addReplica?(signal?: AbortSignal): Promise<ReplicaHandle>;
  /**
   * Scale-in: the balancer drains the replica (no new work; up to `drainMs` for what it has), then it
   * stops gracefully (`graceMs`) and leaves the balancer. Its handle stays in `replicas` (its counts).
   * Resolves whether the drain finished in time.
   */
  removeReplica?(id: string, drainMs: number, graceMs: number, signal?: AbortSignal): Promise<{ readonly drained: boolean }>;
  /** Stops everything this topology started; idempotent. */
  stop(): Promise<void>;
}

/** Where a topology runs: local processes (default), containers, or an external deployment. */
export interface Platform {
  readonly name: string;
  start(spec: TopologySpec, signal?: AbortSignal): Promise<StartedTopology>;
}
