import { BALANCER_POLICIES, STICKY_SESSION_TABLE, type BackendAddress, type BalancerPolicy, type BalancerPool, type EffectiveTuning } from './balancer.js';
import { DEFAULT_BUILTIN_PROXY_OPTIONS, type BuiltinProxyOptions } from './builtin-proxy.js';

/**
 * What the harness hands the built-in balancer process, as a JSON file in the cell's work folder
 * (kept with the results, like haproxy.cfg). The child validates it again: it is a process boundary.
 */
export interface BuiltinBalancerConfig {
  readonly policy: BalancerPolicy;
  readonly backends: readonly BackendAddress[];
  /** Listen address; the port is always chosen by the OS and reported on the ready line. */
  readonly host: string;
  readonly proxy: BuiltinProxyOptions;
  readonly stickyTable: { readonly maxEntries: number; readonly ttlMs: number; readonly maxIdLength: number };
  /** route-by-* pools; absent = one default pool of every backend. */
  readonly pools?: readonly BalancerPool[];
  /** As applied (retries and redispatch are in `proxy`); recorded here for the reader of the file. */
  readonly tuning?: EffectiveTuning;
}

export const BUILTIN_CONFIG_FILE = 'builtin-balancer.json';

/** The one line the balancer process prints on stdout once it listens. */
export interface BuiltinReadyLine {
  readonly event: 'ready';
  readonly port: number;
  readonly pid: number;
}

export function defaultBuiltinBalancerConfig(policy: BalancerPolicy, backends: readonly BackendAddress[]): BuiltinBalancerConfig {
  return { policy, backends, host: '127.0.0.1', proxy: DEFAULT_BUILTIN_PROXY_OPTIONS, stickyTable: STICKY_SESSION_TABLE };
}

/** Parses and checks a config file's text; throws one Error listing every problem. */
export function parseBuiltinBalancerConfig(text: string, source: string): BuiltinBalancerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message})`);
  }
  const problems: string[] = [];
  const o = isObject(raw) ? raw : (problems.push('top level must be an object'), {});
  const policy = o['policy'];
  if (typeof policy !== 'string' || !(BALANCER_POLICIES as readonly string[]).includes(policy)) problems.push(`policy must be one of ${BALANCER_POLICIES.join(', ')}`);
  if (typeof o['host'] !== 'string' || o['host'] === '') problems.push('host must be a non-empty string');
  const backends = Array.isArray(o['backends']) ? o['backends'] : (problems.push('backends must be an array'), []);
  if (backends.length === 0) problems.push('backends must not be empty');
  backends.forEach((b: unknown, i) => {
    if (!isObject(b) || typeof b['id'] !== 'string' || typeof b['host'] !== 'string' || !isPort(b['port'])) {
      problems.push(`backends[${i}] must be {id: string, host: string, port: 1..65535}`);
    }
  });
  const proxy = isObject(o['proxy']) ? o['proxy'] : (problems.push('proxy must be an object'), {});
  for (const key of ['connectTimeoutMs', 'clientKeepAliveTimeoutMs'] as const) {
    if (!isPositiveInt(proxy[key])) problems.push(`proxy.${key} must be a positive integer`);
  }
  const sticky = isObject(o['stickyTable']) ? o['stickyTable'] : (problems.push('stickyTable must be an object'), {});
  for (const key of ['maxEntries', 'ttlMs', 'maxIdLength'] as const) {
    if (!isPositiveInt(sticky[key])) problems.push(`stickyTable.${key} must be a positive integer`);
  }
  if (proxy['retries'] !== undefined && !(Number.isInteger(proxy['retries']) && (proxy['retries'] as number) >= 0)) problems.push('proxy.retries must be an integer >= 0');
  if (proxy['redispatch'] !== undefined && typeof proxy['redispatch'] !== 'boolean') problems.push('proxy.redispatch must be a boolean');
  if (proxy['attribute'] !== undefined && typeof proxy['attribute'] !== 'boolean') problems.push('proxy.attribute must be a boolean');
  const ids = new Set(backends.map((b: unknown) => (isObject(b) ? b['id'] : undefined)));
  if (o['pools'] !== undefined) {
    const pools = Array.isArray(o['pools']) ? o['pools'] : (problems.push('pools must be an array'), []);
    pools.forEach((p: unknown, i) => {
      const ok =
        isObject(p) &&
        typeof p['name'] === 'string' &&
        Array.isArray(p['backendIds']) &&
        p['backendIds'].length > 0 &&
        p['backendIds'].every((id) => ids.has(id)) &&
        Array.isArray(p['tools']) &&
        p['tools'].every((t) => typeof t === 'string');
      if (!ok) problems.push(`pools[${i}] must be {name: string, backendIds: known backend ids (at least one), tools: string[]}`);
    });
  }
  if (problems.length > 0) throw new Error(`${source}: invalid built-in balancer config: ${problems.join('; ')}`);
  return raw as BuiltinBalancerConfig;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function isPort(v: unknown): boolean {
  return isPositiveInt(v) && (v as number) <= 65535;
}
