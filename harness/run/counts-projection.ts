import { ANY_METHOD, type CountsGranularity } from '../balancers/balancer.js';
import type { Count3 } from '../metrics/counts.js';

/** The HTTP verb of a client count's method key: "GET" and "DELETE" are verbs already, JSON-RPC methods were POSTs. */
export function verbOf(methodKey: string): string {
  return methodKey === 'GET' || methodKey === 'DELETE' ? methodKey : 'POST';
}

/** "204" → "2xx"; a status that is no HTTP status ("error:timeout") stays as it is. */
export function statusClassOf(status: string): string {
  return /^[1-5]\d\d$/.test(status) ? `${status[0]}xx` : /^\d+$/.test(status) ? 'other' : status;
}

/**
 * The client's counts (replica → method → status) at the granularity of what they are compared with:
 * a reference replica counts by JSON-RPC method and status (unchanged), the built-in balancer by verb
 * and status, HAProxy's stats by status class only. Coarser keys add up; nothing is dropped.
 */
export function projectCounts(client: Count3, granularity: CountsGranularity): Count3 {
  if (granularity === 'method-status') return client;
  const out: Count3 = {};
  for (const [replica, methods] of Object.entries(client)) {
    const byMethod = (out[replica] ??= {});
    for (const [method, statuses] of Object.entries(methods)) {
      const key = granularity === 'verb-status' ? verbOf(method) : ANY_METHOD;
      const byStatus = (byMethod[key] ??= {});
      for (const [status, n] of Object.entries(statuses)) {
        const s = granularity === 'status-class' ? statusClassOf(status) : status;
        byStatus[s] = (byStatus[s] ?? 0) + n;
      }
    }
  }
  return out;
}
