import type { FaultSpec } from '../faults/fault-schedule.js';
import type { BalancerChoice, BalancerPolicy, BalancerTuningRequest } from '../balancers/balancer.js';
import type { PoolRequest } from '../balancers/pool-assignment.js';
import type { ThresholdSpec } from './thresholds-schema.js';

/**
 * The one validated, defaulted, deep-readonly view of a scenario that the rest of the harness reads.
 * Produced only by the config pipeline (`resolveScenario`); nothing else reads argv, env or files.
 * Units are in the names: every duration is `...Ms`, every rate `...PerSec`.
 */
export type ProtocolModelName = 'legacy' | 'stateless';
export const PROTOCOL_MODELS: readonly ProtocolModelName[] = ['legacy', 'stateless'];

export type PlatformName = 'process' | 'docker' | 'external';

/** platform docker: the images a topology's containers run (see `mcp-lb-bench images build`). */
export interface ImagesSpec {
  readonly replica: string;
  readonly haproxy: string;
  readonly nginx: string;
  readonly redis: string;
}

/** platform external: a deployment the user already runs (on this machine's loopback only). */
export interface ExternalTargetSpec {
  /** Base URL of the balancer, without a trailing slash; MCP requests go to `<url>/mcp`. */
  readonly url: string;
  /** Replicas whose stats endpoints are read for reconciliation; empty = none. */
  readonly replicas: readonly { readonly id: string; readonly statsUrl: string }[];
}
export type { BalancerChoice };

/** What one start of the load is: a whole logical session, or one operation on a long-lived client. */
export type LoadUnit = 'sessions' | 'requests';

export interface ConstantArrivalRateLoad {
  readonly executor: 'constant-arrival-rate';
  readonly unit: LoadUnit;
  /** Starts per second (open model). */
  readonly ratePerSec: number;
  /** unit requests: long-lived client sessions serving the requests (wrk2's -c); undefined for sessions. */
  readonly clients: number | undefined;
  /** Measured window, after warm-up. */
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Bound on starts alive at once; a start that would exceed it is dropped and counted. */
  readonly maxInFlight: number;
  /** How many times each cell runs, interleaved across cells (1 = once). */
  readonly repetitions: number;
}

export interface RampingArrivalRateLoad {
  readonly executor: 'ramping-arrival-rate';
  readonly unit: LoadUnit;
  readonly startRatePerSec: number;
  readonly stages: readonly { readonly targetPerSec: number; readonly durationMs: number }[];
  readonly clients: number | undefined;
  readonly warmupMs: number;
  /** Stages together minus warm-up. */
  readonly durationMs: number;
  readonly maxInFlight: number;
  /** How many times each cell runs, interleaved across cells (1 = once). */
  readonly repetitions: number;
}

export interface ClosedLoopLoad {
  readonly executor: 'closed-loop';
  readonly unit: LoadUnit;
  /** Concurrent clients, each running back to back. */
  readonly clients: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** How many times each cell runs, interleaved across cells (1 = once). */
  readonly repetitions: number;
}

export type LoadSpec = ConstantArrivalRateLoad | RampingArrivalRateLoad | ClosedLoopLoad;

/** The generator itself. */
export interface GeneratorSpec {
  /** Worker threads generating load; 0 = in the main thread. Each keeps its own recorders; the main thread merges. */
  readonly workers: number;
}

export interface ToolMixEntry {
  readonly name: string;
  /** Relative weight in the mix (> 0). */
  readonly weight: number;
  /** Fixed arguments; with argumentsFrom, unused ({}). */
  readonly arguments: Readonly<Record<string, unknown>>;
  /**
   * Arguments that vary per call: `list` (each call draws one, seeded), `sequence` (call n of the cell
   * uses entry n mod length), or `schema` (values generated from the tool's inputSchema with the run's
   * seed; `values` is filled in before the run, from the server's tools/list). Absent = fixed arguments.
   */
  readonly argumentsFrom?: ArgumentsSource | undefined;
}

export type ArgumentsSource =
  | { readonly kind: 'list' | 'sequence'; readonly values: ReadonlyArray<Readonly<Record<string, unknown>>> }
  | { readonly kind: 'schema'; readonly count: number; readonly values?: ReadonlyArray<Readonly<Record<string, unknown>>> | undefined };

export interface WorkloadSpec {
  /** tools/call requests per logical session (K). */
  readonly callsPerSession: number;
  /** Legacy model: hold a GET SSE stream open for the session's life, as SDK clients do. */
  readonly sseStream: boolean;
  /** Send tools/list once at the start of each session. */
  readonly listTools: boolean;
  /** Pause between consecutive operations of a session. */
  readonly thinkTimeMs: number;
  /** Think times are uniform in thinkTimeMs × [1 − j, 1 + j] (seeded per session). */
  readonly thinkTimeJitter: number;
  readonly tools: readonly ToolMixEntry[];
  /** tasks flow: how long each job runs on the replica. */
  readonly taskJobMs: number;
  /** tasks flow: share of tasks cancelled after their first poll. */
  readonly taskCancelFraction: number;
}

/**
 * How the generator's clients behave where the specification and the official TypeScript SDK clients
 * differ: `spec` re-initializes a lost session (the spec's MUST), waits for its GET stream and ends it
 * with DELETE; `sdk` does what the SDK clients do (no re-initialize after a 404, the GET stream opened
 * without waiting, close() without DELETE, one server/discover per 2026-07-28 connect).
 */
export type ClientProfileName = 'sdk' | 'spec';
export const CLIENT_PROFILES: readonly ClientProfileName[] = ['sdk', 'spec'];

export interface ClientSpec {
  /** A request with no complete answer within this time counts as a timeout. */
  readonly timeoutMs: number;
  /** Upper bound on keep-alive connections the generator opens to the balancer. */
  readonly maxConnections: number;
  /** Keep cookies per session (balancer-inserted affinity cookies come back); false = cookie-less client. */
  readonly cookies: boolean;
  /** Sessions spread over this many local source addresses (127.0.0.2 ...); 1 = all from 127.0.0.1. */
  readonly sourceAddresses: number;
  /** How clients behave where the spec and the SDK clients differ; cells may override it (matrix.profile). Absent = spec. */
  readonly profile?: ClientProfileName | undefined;
  /**
   * The status that means "session lost" on this target, overriding what the preflight measured
   * (404 always counts: it is the spec's signal). Absent = the measured answer.
   */
  readonly lostSessionStatus?: number | undefined;
}

/** What a session does: tool calls, an explicit-handle (basket) flow, or Tasks. */
export type FlowName = 'tools' | 'basket' | 'tasks';
export const FLOWS: readonly FlowName[] = ['tools', 'basket', 'tasks'];
/** Where replicas keep state: each its own memory, or one shared Redis. */
export type StoreName = 'memory' | 'redis';
export const STORES: readonly StoreName[] = ['memory', 'redis'];

export interface MatrixExclusion {
  readonly model?: ProtocolModelName;
  readonly policy?: BalancerPolicy;
  readonly replicas?: number;
  readonly flow?: FlowName;
  readonly store?: StoreName;
  readonly profile?: ClientProfileName;
}

export interface MatrixSpec {
  readonly models: readonly ProtocolModelName[];
  readonly policies: readonly BalancerPolicy[];
  readonly replicas: readonly number[];
  readonly flows: readonly FlowName[];
  readonly stores: readonly StoreName[];
  /** Client profiles as a dimension (`matrix.profile`); absent = every cell uses client.profile. */
  readonly profiles?: readonly ClientProfileName[] | undefined;
  readonly exclude: readonly MatrixExclusion[];
}

export interface LegacyServerOptions {
  /** Status a replica answers for an unknown Mcp-Session-Id: the spec's 404, or 400 like the v1 SDK's example router. */
  readonly unknownSessionStatus: 404 | 400;
  /** Sessions idle this long are closed by the replica. */
  readonly sessionIdleTimeoutMs: number;
}

/** platform process: how one replica of your own server starts (`{port}` and `{id}` replaced per replica). */
export interface UserServerCommand {
  readonly argv: readonly string[];
  /** Added to the harness's own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Absolute once resolved (relative paths in the file are from the scenario file's folder). */
  readonly cwd: string | undefined;
}

/** platform docker: the image one replica of your own server runs. */
export interface UserServerImage {
  readonly name: string;
  /** Replaces the image's CMD; undefined = the image's own. */
  readonly command: readonly string[] | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** The port the server listens on inside the container. */
  readonly port: number;
}

/** Your own MCP server for one protocol model, by command (platform process) and/or image (platform docker). */
export interface UserServerSpec {
  readonly command: UserServerCommand | undefined;
  readonly image: UserServerImage | undefined;
}

export interface ServersSpec {
  readonly legacy: LegacyServerOptions;
  /** Time allowed for each replica and the balancer to become ready. */
  readonly readinessTimeoutMs: number;
  /**
   * Models whose replicas are your own server instead of the reference server (`servers.<model>.command`
   * / `.image`); absent or without the model = the reference server.
   */
  readonly user?: Readonly<Partial<Record<ProtocolModelName, UserServerSpec>>> | undefined;
}

/** The balancer section: which implementation, route-by pools, and health checks / retries (BalancerTuningRequest). */
export interface BalancerSettings extends BalancerTuningRequest {
  readonly implementation: BalancerChoice;
  /** route-by-* only: pools of replicas for some tools; the rest form the default pool. */
  readonly pools: readonly PoolRequest[];
}

/** `mcp-lb-bench size`: the SLO a search step must meet (see harness/sizing/slo.ts). */
export interface SloSpec {
  /** Tool-call p99 limit, µs, from the intended send time. */
  readonly callP99Us: number | undefined;
  /** Failed requests / all requests, a fraction. */
  readonly requestErrorRate: number | undefined;
  /** Failed (or dropped) sessions / all sessions, a fraction. */
  readonly failedSessionRate: number | undefined;
  /** Fewer completed tool calls than this: the step does not meet the SLO. */
  readonly minCalls: number;
}

/** Step lengths and precision of a capacity search (the normal settings, or the `--quick` preset). */
export interface SizingSearchSpec {
  /** Relative precision, a fraction (0.05 = ±5 %). */
  readonly precision: number;
  readonly stepMs: number;
  readonly stepWarmupMs: number;
  /**
   * Before a cell's search: its fresh replicas run uncapped for this long, closed loop (4 clients per
   * replica), then get their cap. Unoptimised code costs several times its CPU, and a capped replica
   * takes a minute of load to optimise it. 0: capped from the start, no warm-up.
   */
  readonly replicaWarmupMs: number;
  readonly confirmMs: number;
}

/** `mcp-lb-bench size`: the replicas' CPU cap and how the capacity search runs. */
export interface SizingSpec extends SizingSearchSpec {
  /** CPU cap of each replica, cores (a CFS quota of cpuPerReplica × cfsPeriodUs per period). */
  readonly cpuPerReplica: number;
  readonly cfsPeriodUs: number;
  /** First rate of a search, sessions/s per replica. */
  readonly startRatePerSec: number;
  /** The search never offers more (sessions/s, whole topology). */
  readonly maxRatePerSec: number;
  readonly growthFactor: number;
  /** Between steps: how long to wait for the replicas to hold no session before restarting them. */
  readonly settleTimeoutMs: number;
  /** Sessions/s for the replicas-needed table; undefined = no table unless `--target` gives one. */
  readonly targetPerSec: number | undefined;
  readonly quick: SizingSearchSpec;
}

export interface ResolvedScenario {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the scenario file, when there was one. */
  readonly sourceFile: string | undefined;
  readonly platform: PlatformName;
  /** Images for platform docker (always resolved, so result.json shows what would run). */
  readonly images: ImagesSpec;
  /** platform external only. */
  readonly target: ExternalTargetSpec | undefined;
  readonly balancer: BalancerSettings;
  readonly matrix: MatrixSpec;
  readonly load: LoadSpec;
  readonly workload: WorkloadSpec;
  readonly client: ClientSpec;
  readonly generator: GeneratorSpec;
  readonly servers: ServersSpec;
  /** Faults injected into every cell, on its load timeline. */
  readonly faults: readonly FaultSpec[];
  /** Pass/fail criteria on cell figures, checked after the run (exit 4 when one fails). */
  readonly thresholds: readonly ThresholdSpec[];
  /** Seed for every random choice (tool mix), so a run can be replayed. */
  readonly seed: number;
  /** `size` only: the SLO searched against; undefined when the scenario has none. */
  readonly slo?: SloSpec | undefined;
  /** `size` only: CPU caps and search settings; undefined when the scenario has none. */
  readonly sizing?: SizingSpec | undefined;
}
