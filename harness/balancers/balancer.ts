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
