import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';
import type { BalancerRuntimeControl, RuntimeControlRequest } from './balancer-control.js';

/**
 * One interface per extension point: a BalancerImplementation (HAProxy, nginx, built-in Node) starts a
 * balancer process for one cell, in front of the cell's replicas, with one routing policy.
 */
export const BALANCER_POLICIES = [
  'round-robin',
  'least-conn',
  'sticky-cookie',
  'sticky-session-id',
  'hash-session-id',
  'client-ip',
  'route-by-header',
  'route-by-body',
  'route-by-task-owner',
] as const;
export type BalancerPolicy = (typeof BALANCER_POLICIES)[number];

export const BALANCER_IMPLEMENTATIONS = ['haproxy', 'nginx', 'builtin'] as const;
export type BalancerImplName = (typeof BALANCER_IMPLEMENTATIONS)[number];
/** What a scenario asks for: one implementation, or `auto` (HAProxy, then nginx, then built-in). */
export type BalancerChoice = BalancerImplName | 'auto';

export interface BackendAddress {
  /** Replica id, e.g. "r1"; also the server name in generated configs. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /**
   * The IP address `host` resolves to, when it is a name (a container alias): nginx reports the
   * address it connected to ($upstream_addr), so attribution maps that back to the replica.
   */
  readonly address?: string | undefined;
}

export interface BalancerSpec {
  readonly policy: BalancerPolicy;
  readonly backends: readonly BackendAddress[];
  readonly runId: string;
  /** Folder for generated configs and logs; kept in the run's results so reviewers can read what ran. */
  readonly workDir: string;
  readonly readinessTimeoutMs?: number;
  /**
   * route-by-header / route-by-body: named groups of backends that receive the listed tools' calls.
   * Backends in no pool form the default pool (DEFAULT_POOL_NAME), which gets everything else.
   */
  readonly pools?: readonly BalancerPool[];
  /** Health checks, retries, redispatch; undefined = each implementation's documented defaults. */
  readonly tuning?: BalancerTuningRequest;
  /** What the replicas offer; undefined = the reference servers (REFERENCE_BACKENDS). */
  readonly backendTraits?: BackendTraits | undefined;
  /** Set up for runtime changes (faults: scale, reload, drain); absent = the plain balancer. */
  readonly runtimeControl?: RuntimeControlRequest;
}

/**
 * What the replicas behind a balancer offer. The reference servers send X-Replica-Id, count their own
 * requests and answer /-/healthz; your own server may offer nothing but MCP, and then the balancer
 * supplies attribution and counts and health-checks it the MCP way or by TCP.
 */
export interface BackendTraits {
  /** The balancer adds X-Replica-Id (the replica id, its server name) to every answer and counts per replica (StartedBalancer.counts). */
  readonly attribute: boolean;
  /** Active health checks: the reference /-/healthz, a TCP connect, or an MCP `server/discover` POST (2026-07-28 servers). */
  readonly healthProbe: 'healthz' | 'tcp' | 'mcp-discover';
}

export const REFERENCE_BACKENDS: BackendTraits = { attribute: false, healthProbe: 'healthz' };

/**
 * How fine a balancer's own counts are: by JSON-RPC method (or verb) and exact status (like a reference
 * replica's), by HTTP verb and exact status, or by status class alone (`*` → `2xx`, HAProxy's stats).
 */
export type CountsGranularity = 'method-status' | 'verb-status' | 'status-class';

/** The one method key of status-class counts (HAProxy does not count by method). */
export const ANY_METHOD = '*';

/** The per-replica counts a balancer kept itself (BackendTraits.attribute), cumulative since it started. */
export interface BalancerCounts {
  /** Replica id → method key → status → n, at `granularity`. */
  readonly byReplica: Readonly<Record<string, CountsByMethodAndStatus>>;
  readonly granularity: CountsGranularity;
  /** Where they come from, e.g. "HAProxy stats CSV (hrsp_1xx..5xx per server)". */
  readonly source: string;
}

/** Where a balancer that attributes serves its own counts (HAProxy stats, the built-in balancer's JSON); never forwarded. */
export const LB_STATS_PATH = '/-/lb-stats';

/** One routing pool of a route-by-* policy, with the backends assigned to it (see assignPools). */
export interface BalancerPool {
  readonly name: string;
  readonly backendIds: readonly string[];
  /** Tool names whose `tools/call` requests go to this pool. */
  readonly tools: readonly string[];
}

/** Name of the pool made of every backend no configured pool claims. */
export const DEFAULT_POOL_NAME = 'default';

/** Active health checks of each replica's HEALTH_PATH, HAProxy style: `fall` failures mark it down, `rise` successes up. */
export interface HealthCheckSpec {
  readonly intervalMs: number;
  readonly fall: number;
  readonly rise: number;
}

/**
 * What a scenario asks for; `default` means "what this implementation's documentation recommends"
 * (see balancer-tuning.ts for each one's values and sources).
 */
export interface BalancerTuningRequest {
  readonly healthCheck: 'default' | 'off' | HealthCheckSpec;
  /** Extra connection attempts after a failed connect (never after a request reached a replica). */
  readonly retries: 'default' | number;
  /** Whether a retry may go to another replica (HAProxy `option redispatch`). */
  readonly redispatch: 'default' | boolean;
}

/** What an implementation actually applies for a request, recorded with the cell. */
export interface EffectiveTuning {
  /** `active`: the balancer polls HEALTH_PATH; `passive`: it marks replicas down from failed requests (nginx open source). */
  readonly healthCheck:
    | {
        readonly kind: 'active';
        readonly path: string;
        readonly intervalMs: number;
        readonly fall: number;
        readonly rise: number;
        /** How the check probes: absent = GET `path` (the reference /-/healthz); `tcp` = a connect; `mcp-discover` = POST server/discover to `path`. */
        readonly probe?: 'tcp' | 'mcp-discover' | undefined;
      }
    | { readonly kind: 'passive'; readonly maxFails: number; readonly failTimeoutMs: number }
    | { readonly kind: 'off' };
  /** Extra connection attempts; 'every-replica' = nginx's unlimited `proxy_next_upstream_tries 0`. */
  readonly retries: number | 'every-replica';
  readonly redispatch: boolean;
  /** Where each default comes from, e.g. "HAProxy 2.6 configuration manual: retries (default 3)". */
  readonly sources: readonly string[];
}

export interface StartedBalancer extends AsyncDisposable {
  readonly impl: BalancerImplName;
  readonly version: string;
  readonly policy: BalancerPolicy;
  /** Base URL clients send to, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly pid: number;
  /** Generated configuration file, when the implementation has one. */
  readonly configFile: string | undefined;
  /** Health checks, retries and redispatch as applied (absent when the implementation does not say). */
  readonly tuning?: EffectiveTuning;
  /**
   * Every OS process doing the balancer's work, for CPU accounting (nginx: master and worker).
   * Absent means `pid` alone.
   */
  processIds?(): readonly number[];
  /**
   * Resolves with how the balancer ended (e.g. "killed by SIGKILL") when it ends, on its own or after
   * stop(); lets the topology notice a balancer that died mid-cell. Absent where it cannot be watched.
   */
  readonly ended?: Promise<string>;
  /** Its own per-replica counts, when it attributes answers (BackendTraits.attribute); absent otherwise. */
  counts?(): Promise<BalancerCounts>;
  /** Runtime changes (scale, drain, reload), when the spec asked for them and the implementation has them. */
  readonly control?: BalancerRuntimeControl;
  stop(): Promise<void>;
}

export type Availability =
  | { readonly available: true; readonly version: string; readonly path: string }
  | { readonly available: false; readonly reason: string };

export type PolicySupport = { readonly supported: true } | { readonly supported: false; readonly reason: string };

export interface BalancerImplementation {
  readonly name: BalancerImplName;
  /** Whether the implementation can run on this machine (binary present, version). Cached by callers. */
  availability(): Promise<Availability>;
  supports(policy: BalancerPolicy): PolicySupport;
  /** Whether the requested health checks / retries can be expressed; absent = anything goes. */
  supportsTuning?(tuning: BalancerTuningRequest): PolicySupport;
  start(spec: BalancerSpec, signal?: AbortSignal): Promise<StartedBalancer>;
}

/** Liveness path every balancer answers itself (never forwarded, never counted as an MCP request). */
export const LB_HEALTH_PATH = '/-/lb-healthz';
/**
 * Header on an error response the balancer produced itself (e.g. 502 when no replica could be
 * reached). Such responses never carry X-Replica-Id, so the harness can tell them from a replica's.
 */
export const LB_ERROR_HEADER = 'x-lb-error';
/** The 2025-11-25 session header the sticky policies learn from responses and route by. */
export const MCP_SESSION_ID_HEADER = 'mcp-session-id';
/** 2026-07-28 routing headers (route-by-header): the JSON-RPC method, and for tools/call the tool name. */
export const MCP_METHOD_HEADER = 'mcp-method';
export const MCP_NAME_HEADER = 'mcp-name';
/**
 * route-by-task-owner: requests whose `Mcp-Method` starts with this carry a task id in `Mcp-Name`
 * (tasks/get, tasks/update, tasks/cancel of the 2026-07-28 Tasks extension).
 */
export const TASKS_METHOD_PREFIX = 'tasks/';
/**
 * What follows the owner's replica id in a task id (`r2.q3V0cBv0kQ2m8D8tHcY6xA`, TASK_ID_PATTERN in
 * replica-contract.ts): a request goes to backend `rK` when its task id starts with `rK.`.
 */
export const TASK_OWNER_SEPARATOR = '.';
/** Cookie the sticky-cookie policy inserts; its value is the replica id (HAProxy `cookie SRV insert`). */
export const STICKY_COOKIE_NAME = 'SRV';

/**
 * Affinity table bounds shared by every implementation, so HAProxy and the built-in balancer forget
 * sessions under the same rules. An entry's TTL restarts whenever a request matches it.
 */
export const STICKY_SESSION_TABLE = {
  maxEntries: 100_000,
  ttlMs: 30 * 60_000,
  /** Longer session ids are truncated to this many bytes for matching (HAProxy stick-table `len`). */
  maxIdLength: 128,
} as const;
