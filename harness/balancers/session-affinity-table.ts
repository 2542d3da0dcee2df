/**
 * Session id → backend index, bounded in size and age like an HAProxy stick-table: an entry lives
 * `ttlMs` after it was last stored or matched; past `maxEntries` the least recently used goes first.
 * Map iteration order is insertion order, so re-inserting on use keeps the oldest entry at the front.
 */
interface Entry {
  backendIndex: number;
  expiresAtMs: number;
}

export interface SessionAffinityTableOptions {
  readonly maxEntries: number;
  readonly ttlMs: number;
  /** Monotonic clock in milliseconds; injectable for tests. */
  readonly nowMs?: () => number;
}

export class SessionAffinityTable {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly nowMs: () => number;

  constructor(options: SessionAffinityTableOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError(`maxEntries must be ≥ 1, got ${options.maxEntries}`);
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${options.ttlMs}`);
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  get size(): number {
    return this.entries.size;
  }

  /** The backend for `sessionId`, refreshing its age; undefined if unknown or expired. */
  match(sessionId: string): number | undefined {
    const entry = this.entries.get(sessionId);
    if (entry === undefined) return undefined;
    const now = this.nowMs();
    this.entries.delete(sessionId);
    if (entry.expiresAtMs <= now) return undefined;
    entry.expiresAtMs = now + this.ttlMs;
    this.entries.set(sessionId, entry);
    return entry.backendIndex;
  }

  store(sessionId: string, backendIndex: number): void {
    const now = this.nowMs();
    const existing = this.entries.get(sessionId);
    if (existing !== undefined) {
      this.entries.delete(sessionId);
      existing.backendIndex = backendIndex;
      existing.expiresAtMs = now + this.ttlMs;
      this.entries.set(sessionId, existing);
      return;
    }
    this.evict(now);
    this.entries.set(sessionId, { backendIndex, expiresAtMs: now + this.ttlMs });
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  /** Drops expired entries from the front, then the oldest while full: amortised O(1) per store. */
  private evict(now: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.expiresAtMs > now && this.entries.size < this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}
