import type { HistogramSummary } from '../metrics/histogram.js';

/** A replica far slower than its peers in one cell: stalled (paused, stuck event loop, GC) for a while. */
export interface ReplicaStall {
  readonly replica: string;
  readonly maxUs: number;
  readonly p99Us: number;
  /** The other replicas' p99 (the median of theirs). */
  readonly peersP99Us: number;
}

/** A stall must be this much slower than the peers' p99, and at least this long, to be named. */
export const STALL_RATIO = 5;
export const STALL_MIN_US = 250_000;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Replicas whose slowest answers took far longer than every other replica's p99 — what a replica frozen
 * for seconds (SIGSTOP, docker pause, a stuck loop) looks like from the client, per X-Replica-Id, while
 * the cell's own percentiles barely move. Needs at least two replicas with answers.
 */
export function replicaStalls(latency: Readonly<Record<string, HistogramSummary | undefined>>): ReplicaStall[] {
  const entries = Object.entries(latency).filter((e): e is [string, HistogramSummary] => e[1] !== undefined);
  if (entries.length < 2) return [];
  const stalls: ReplicaStall[] = [];
  for (const [replica, s] of entries) {
    const peersP99Us = median(entries.filter(([id]) => id !== replica).map(([, p]) => p.p99Us));
    if (s.maxUs >= STALL_MIN_US && s.maxUs >= STALL_RATIO * peersP99Us) stalls.push({ replica, maxUs: s.maxUs, p99Us: s.p99Us, peersP99Us });
  }
  return stalls;
}

export function describeStall(cellId: string, s: ReplicaStall): string {
  const ms = (us: number): string => (us >= 10_000 ? (us / 1000).toFixed(0) : (us / 1000).toFixed(1));
  return `${cellId}: replica ${s.replica} stalled — its slowest answer took ${ms(s.maxUs)} ms (p99 ${ms(s.p99Us)} ms) while the other replicas' p99 was ${ms(s.peersP99Us)} ms`;
}
