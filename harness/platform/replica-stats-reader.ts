import { request } from 'undici';
import { HarnessError } from '../errors/harness-error.js';
import type { ReplicaStats } from '../servers/replica-contract.js';

const STATS_TIMEOUT_MS = 5_000;

/**
 * The one reader of a replica's `/-/stats` (whatever platform runs it). `who` names the replica in the
 * error, e.g. "replica r2" or "replica container r2".
 */
export async function readReplicaStats(statsUrl: string, who: string): Promise<ReplicaStats> {
  try {
    const res = await request(statsUrl, { headersTimeout: STATS_TIMEOUT_MS, bodyTimeout: STATS_TIMEOUT_MS });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode}`);
    }
    return (await res.body.json()) as ReplicaStats;
  } catch (e) {
    throw new HarnessError('E_ADMIN_QUERY', `could not read the stats of ${who} at ${statsUrl}`, { cause: e, details: [e instanceof Error ? e.message : String(e)] });
  }
}
