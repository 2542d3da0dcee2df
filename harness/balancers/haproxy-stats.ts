import { request } from 'undici';
import { HarnessError } from '../errors/harness-error.js';
import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';
import { ANY_METHOD, LB_STATS_PATH, type BalancerCounts } from './balancer.js';

/** Response classes HAProxy counts per server (its stats CSV, `show stat`), and the key each becomes. */
const CLASS_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['hrsp_1xx', '1xx'],
  ['hrsp_2xx', '2xx'],
  ['hrsp_3xx', '3xx'],
  ['hrsp_4xx', '4xx'],
  ['hrsp_5xx', '5xx'],
  ['hrsp_other', 'other'],
];

/**
 * Per-server response counts from HAProxy's stats CSV (the same table as the stats socket's
 * `show stat`): one row per server and backend; a server in several backends (route-by pools) adds up.
 * Health checks are not in these counters, only proxied responses, counted when their head passed.
 */
export function parseHaproxyStatsCsv(csv: string): Record<string, CountsByMethodAndStatus> {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').replace(/^#\s*/, '').split(',');
  const column = (name: string): number => header.indexOf(name);
  const sv = column('svname');
  const classes = CLASS_COLUMNS.map(([name, key]) => [column(name), key] as const);
  if (sv < 0 || classes.some(([i]) => i < 0)) throw new Error(`not an HAProxy stats CSV (header: ${header.slice(0, 8).join(',')}...)`);
  const out: Record<string, CountsByMethodAndStatus> = {};
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const server = cells[sv] ?? '';
    if (server === '' || server === 'FRONTEND' || server === 'BACKEND') continue;
    const counts = ((out[server] ??= {})[ANY_METHOD] ??= {});
    for (const [i, key] of classes) {
      const n = Number(cells[i] ?? '0');
      if (n > 0) counts[key] = (counts[key] ?? 0) + n;
    }
  }
  return out;
}

/** Reads an attributing HAProxy's per-server counts from its stats page (`stats uri`, CSV). */
export async function readHaproxyCounts(baseUrl: string, timeoutMs = 5_000): Promise<BalancerCounts> {
  const url = `${baseUrl}${LB_STATS_PATH};csv`;
  try {
    const res = await request(url, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return { byReplica: parseHaproxyStatsCsv(text), granularity: 'status-class', source: 'HAProxy stats (hrsp_1xx..5xx per server)' };
  } catch (e) {
    throw new HarnessError('E_ADMIN_QUERY', `could not read HAProxy's per-server counts at ${url}`, { cause: e, details: [e instanceof Error ? e.message : String(e)] });
  }
}
