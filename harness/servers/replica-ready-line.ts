import type { ReplicaReadyLine, ReplicaStats } from './replica-contract.js';

/** The one line replica-main prints on stdout once it listens. */
export function formatReadyLine(ready: ReplicaReadyLine): string {
  return JSON.stringify(ready);
}

/**
 * For `StartedProcess.waitForLine`: the ready line, or undefined for any other output (so stray
 * lines from loaders or warnings never count as readiness).
 */
export function parseReadyLine(line: string): ReplicaReadyLine | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<Record<keyof ReplicaReadyLine, unknown>>;
  if (v.event !== 'ready' || typeof v.replicaId !== 'string' || typeof v.host !== 'string') return undefined;
  if (v.model !== 'legacy' && v.model !== 'stateless') return undefined;
  if (typeof v.port !== 'number' || typeof v.pid !== 'number' || typeof v.sdk !== 'object' || v.sdk === null) return undefined;
  return value as ReplicaReadyLine;
}

/** What a replica prints as its last line on a graceful shutdown: its final counts, all requests answered. */
export interface FinalStatsLine {
  readonly event: 'final-stats';
  readonly stats: ReplicaStats;
}

export function formatFinalStatsLine(stats: ReplicaStats): string {
  return JSON.stringify({ event: 'final-stats', stats } satisfies FinalStatsLine);
}

export function parseFinalStatsLine(line: string): ReplicaStats | undefined {
  if (!line.startsWith('{"event":"final-stats"')) return undefined;
  try {
    const v = JSON.parse(line) as Partial<FinalStatsLine>;
    return v.event === 'final-stats' && typeof v.stats === 'object' && v.stats !== null && typeof v.stats.counts === 'object' ? v.stats : undefined;
  } catch {
    return undefined;
  }
}
