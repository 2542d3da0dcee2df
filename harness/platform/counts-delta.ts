import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';

/**
 * `now - base`, per method and status, without zero entries. A deployment the harness did not start
 * has served requests before this cell (earlier cells, health checks of other tools): its replicas'
 * counts are reconciled from a baseline read when the cell starts.
 */
export function subtractCounts(now: CountsByMethodAndStatus, base: CountsByMethodAndStatus): CountsByMethodAndStatus {
  const out: Record<string, Record<string, number>> = {};
  for (const [method, statuses] of Object.entries(now)) {
    for (const [status, n] of Object.entries(statuses)) {
      const d = n - (base[method]?.[status] ?? 0);
      if (d !== 0) (out[method] ??= {})[status] = d;
    }
  }
  return out;
}
