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
] as const;
export type BalancerPolicy = (typeof BALANCER_POLICIES)[number];

export const BALANCER_IMPLEMENTATIONS = ['haproxy', 'nginx', 'builtin'] as const;
export type BalancerImplName = (typeof BALANCER_IMPLEMENTATIONS)[number];
/** What a scenario asks for: one implementation, or `auto` (HAProxy when installed, else built-in). */
export type BalancerChoice = BalancerImplName | 'auto';

export interface BackendAddress {
  /** Replica id, e.g. "r1"; also the server name in generated configs. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

export interface BalancerSpec {
  readonly policy: BalancerPolicy;
  readonly backends: readonly BackendAddress[];
  readonly runId: string;
  /** Folder for generated configs and logs; kept in the run's results so reviewers can read what ran. */
  readonly workDir: string;
  readonly readinessTimeoutMs?: number;
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
