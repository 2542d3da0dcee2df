import { HEALTH_PATH, MCP_PATH } from '../servers/replica-contract.js';
import type { BackendTraits, BalancerImplName, BalancerTuningRequest, EffectiveTuning } from './balancer.js';

/**
 * Health checks, retries and redispatch per implementation. `default` in a scenario means the value
 * the implementation's own documentation gives, so a cell measures the balancer as it ships; every
 * value applied is recorded (EffectiveTuning.sources says where each default comes from). A request
 * an implementation cannot express is refused with the reason, never approximated.
 */
export const DEFAULT_TUNING_REQUEST: BalancerTuningRequest = { healthCheck: 'default', retries: 'default', redispatch: 'default' };

export type TuningResolution = { readonly supported: true; readonly tuning: EffectiveTuning } | { readonly supported: false; readonly reason: string };

// HAProxy 2.6 configuration manual (doc/configuration.txt): `retries` "The default value is 3";
// `option redispatch` is off unless set (it breaks cookie/hash persistence on purpose); server
// keywords `inter` (default 2000 ms), `fall` (default 3) and `rise` (default 2) once `check` is set.
const HAPROXY_DOCS = {
  retries: 'HAProxy 2.6 manual, `retries`: default 3 connection retries',
  redispatch: 'HAProxy 2.6 manual, `option redispatch`: off unless set',
  check: 'HAProxy 2.6 manual §5.2, `check` with `inter` 2s, `fall` 3, `rise` 2 (the documented defaults)',
};

// nginx ngx_http_upstream_module, `server`: max_fails=1, fail_timeout=10s by default (passive checks;
// active `health_check` is NGINX Plus only). ngx_http_proxy_module: `proxy_next_upstream error timeout`
// and `proxy_next_upstream_tries 0` (no limit) by default, and a retry always goes to the next server.
const NGINX_DOCS = {
  passive: 'nginx upstream module, `server`: max_fails=1 fail_timeout=10s (passive; active checks are NGINX Plus only)',
  retries: 'nginx proxy module: `proxy_next_upstream error timeout`, `proxy_next_upstream_tries 0` (every server once)',
  redispatch: 'nginx proxy module: proxy_next_upstream always passes the request to the next server',
};

const BUILTIN_DOCS = {
  retries: 'built-in balancer: HAProxy\'s documented defaults (3 connection retries, no redispatch)',
  checks: 'built-in balancer: no active health checks',
};

/**
 * `probe`: how the replicas can be health-checked (BackendTraits.healthProbe); a server without the
 * reference /-/healthz is checked by TCP connect or by an MCP server/discover POST instead.
 */
export function resolveTuning(impl: BalancerImplName, request: BalancerTuningRequest = DEFAULT_TUNING_REQUEST, probe: BackendTraits['healthProbe'] = 'healthz'): TuningResolution {
  switch (impl) {
    case 'haproxy':
      return haproxyTuning(request, probe);
    case 'nginx':
      return nginxTuning(request);
    case 'builtin':
      return builtinTuning(request);
  }
}

function haproxyTuning(r: BalancerTuningRequest, probe: BackendTraits['healthProbe']): TuningResolution {
  const sources: string[] = [];
  let healthCheck: EffectiveTuning['healthCheck'];
  const how = probe === 'healthz' ? { path: HEALTH_PATH } : { path: MCP_PATH, probe };
  if (r.healthCheck === 'off') healthCheck = { kind: 'off' };
  else if (r.healthCheck === 'default') {
    healthCheck = { kind: 'active', ...how, intervalMs: 2_000, fall: 3, rise: 2 };
    sources.push(HAPROXY_DOCS.check);
  } else healthCheck = { kind: 'active', ...how, ...r.healthCheck };
  const retries = r.retries === 'default' ? (sources.push(HAPROXY_DOCS.retries), 3) : r.retries;
  const redispatch = r.redispatch === 'default' ? (sources.push(HAPROXY_DOCS.redispatch), false) : r.redispatch;
  return { supported: true, tuning: { healthCheck, retries, redispatch, sources } };
}

function nginxTuning(r: BalancerTuningRequest): TuningResolution {
  const sources: string[] = [];
  if (typeof r.healthCheck === 'object') {
    return {
      supported: false,
      reason:
        'open-source nginx has no active health checks (`health_check` is NGINX Plus only); it only marks a server down after `max_fails` failed requests within `fail_timeout`. Use `healthCheck: default` (passive) or `off` with nginx',
    };
  }
  const retryingDefault = r.retries === 'default' || r.retries > 0;
  if (r.redispatch === false && retryingDefault) {
    return {
      supported: false,
      reason: 'nginx retries a failed connection only on the next server (`proxy_next_upstream`), never on the same one: `redispatch: false` needs `retries: 0` with nginx',
    };
  }
  let healthCheck: EffectiveTuning['healthCheck'];
  if (r.healthCheck === 'off') healthCheck = { kind: 'off' };
  else {
    healthCheck = { kind: 'passive', maxFails: 1, failTimeoutMs: 10_000 };
    sources.push(NGINX_DOCS.passive);
  }
  const retries = r.retries === 'default' ? (sources.push(NGINX_DOCS.retries), 'every-replica' as const) : r.retries;
  const redispatch = retries !== 0;
  if (r.redispatch === 'default' && redispatch) sources.push(NGINX_DOCS.redispatch);
  return { supported: true, tuning: { healthCheck, retries, redispatch, sources } };
}

function builtinTuning(r: BalancerTuningRequest): TuningResolution {
  if (typeof r.healthCheck === 'object') {
    return {
      supported: false,
      reason: 'the built-in balancer has no active health checks; it only retries failed connections (`retries`, `redispatch`). Use `healthCheck: off` (or default) with builtin, or HAProxy',
    };
  }
  const sources = [BUILTIN_DOCS.checks];
  const retries = r.retries === 'default' ? (sources.push(BUILTIN_DOCS.retries), 3) : r.retries;
  const redispatch = r.redispatch === 'default' ? false : r.redispatch;
  return { supported: true, tuning: { healthCheck: { kind: 'off' }, retries, redispatch, sources } };
}

/** One line for a generated config's header comment, e.g. "checks active 2s fall 3 rise 2; retries 3; no redispatch". */
export function describeTuning(t: EffectiveTuning): string {
  const hc = t.healthCheck;
  const what = hc.kind !== 'active' ? '' : hc.probe === 'tcp' ? 'by TCP connect' : hc.probe === 'mcp-discover' ? `by MCP server/discover POST to ${hc.path}` : `of ${hc.path}`;
  const checks =
    hc.kind === 'active'
      ? `active checks ${what} every ${hc.intervalMs} ms, fall ${hc.fall}, rise ${hc.rise}`
      : hc.kind === 'passive'
        ? `passive checks (max_fails ${hc.maxFails}, fail_timeout ${hc.failTimeoutMs} ms)`
        : 'no health checks';
  return `${checks}; retries ${t.retries}; ${t.redispatch ? 'redispatch' : 'no redispatch'}`;
}
