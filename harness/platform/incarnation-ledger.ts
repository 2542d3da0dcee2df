import type { CountsByMethodAndStatus, ReplicaStats, StoreStats } from '../servers/replica-contract.js';
import type { IncarnationRecord } from './platform.js';

function addCounts(a: CountsByMethodAndStatus, b: CountsByMethodAndStatus): CountsByMethodAndStatus {
  const out: CountsByMethodAndStatus = {};
  for (const src of [a, b]) for (const [method, statuses] of Object.entries(src)) for (const [status, n] of Object.entries(statuses)) (out[method] ??= {})[status] = (out[method]?.[status] ?? 0) + n;
  return out;
}

function addNumbers(a: Readonly<Record<string, number>> | undefined, b: Readonly<Record<string, number>> | undefined): Record<string, number> | undefined {
  if (!a) return b ? { ...b } : undefined;
  const out: Record<string, number> = { ...a };
  for (const [k, n] of Object.entries(b ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}

function addStore(a: StoreStats | undefined, b: StoreStats | undefined): StoreStats | undefined {
  if (!a || !b) return b ?? a;
  return { ...b, ops: a.ops + b.ops, roundTrips: a.roundTrips + b.roundTrips, errors: a.errors + b.errors, latencyUsTotal: a.latencyUsTotal + b.latencyUsTotal, unavailableResponses: a.unavailableResponses + b.unavailableResponses };
}

/**
 * Stats of an ended incarnation plus the current one's: counters add up, point-in-time figures
 * (memory, active sessions, the store connection, pid) are the current incarnation's.
 */
export function mergeReplicaStats(earlier: ReplicaStats, current: ReplicaStats): ReplicaStats {
  const toolCalls = addNumbers(earlier.toolCalls, current.toolCalls);
  const state = addNumbers(earlier.state, current.state);
  const store = addStore(earlier.store, current.store);
  const sessions =
    earlier.sessions || current.sessions
      ? {
          created: (earlier.sessions?.created ?? 0) + (current.sessions?.created ?? 0),
          closed: (earlier.sessions?.closed ?? 0) + (current.sessions?.closed ?? 0),
          active: current.sessions?.active ?? 0,
        }
      : undefined;
  return {
    ...current,
    counts: addCounts(earlier.counts, current.counts),
    ...(toolCalls ? { toolCalls } : {}),
    ...(state ? { state } : {}),
    ...(store ? { store } : {}),
    ...(sessions ? { sessions } : {}),
  };
}

/**
 * A replica's counts and CPU across incarnations. Each handle keeps one: when an incarnation ends
 * (killed, terminated, restarted) its counts are banked — exactly, from the replica's own final report,
 * or up to the last successful read when it died without a word — and later reads add the live ones.
 */
export class IncarnationLedger {
  private banked: ReplicaStats | undefined;
  private bankedCpuUs = 0;
  private lastRead: ReplicaStats | undefined;
  private lastCpuUs: number | undefined;
  private readonly records: IncarnationRecord[] = [];

  constructor(pid: number) {
    this.records.push({ index: 1, pid, counts: 'live' });
  }

  /** Remembers a live read of the current incarnation (the fallback if it dies without a final report). */
  observed(stats: ReplicaStats): ReplicaStats {
    this.lastRead = stats;
    return this.banked ? mergeReplicaStats(this.banked, stats) : stats;
  }

  /** Remembers the current incarnation's CPU; returns the total over every incarnation. */
  observedCpu(cpuUs: number | undefined): number | undefined {
    if (cpuUs === undefined) return this.records.length > 1 && this.lastCpuUs === undefined ? this.bankedCpuUs : undefined;
    this.lastCpuUs = cpuUs;
    return this.bankedCpuUs + cpuUs;
  }

  /** The total while no incarnation runs (between a kill and a start). */
  bankedStats(): ReplicaStats | undefined {
    return this.banked;
  }

  /** Ends the current incarnation: `final` stats when the replica reported them, else the last read. */
  ended(end: NonNullable<IncarnationRecord['end']>, final: ReplicaStats | undefined, detail?: string): void {
    const current = this.records[this.records.length - 1] as IncarnationRecord;
    if (current.counts !== 'live') return;
    const stats = final ?? this.lastRead;
    if (stats) this.banked = this.banked ? mergeReplicaStats(this.banked, stats) : stats;
    this.bankedCpuUs += this.lastCpuUs ?? 0;
    this.lastRead = undefined;
    this.lastCpuUs = undefined;
    this.records[this.records.length - 1] = { ...current, end, counts: final ? 'final' : stats ? 'last-read' : 'none', endedAtEpochMs: Date.now(), ...(detail ? { detail } : {}) };
  }

  started(pid: number): void {
    this.records.push({ index: this.records.length + 1, pid, counts: 'live' });
  }

  /** Whether the current incarnation is still the live one (not ended by a fault or a death). */
  get live(): boolean {
    return this.records[this.records.length - 1]?.counts === 'live';
  }

  incarnations(): readonly IncarnationRecord[] {
    return [...this.records];
  }
}
