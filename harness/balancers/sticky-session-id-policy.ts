import { MCP_SESSION_ID_HEADER, STICKY_SESSION_TABLE } from './balancer.js';
import { RoundRobinPolicy } from './round-robin-policy.js';
import { rawHeaderValue, type RequestView, type ResponseView, type RoutingPolicy } from './routing-policy.js';
import { SessionAffinityTable } from './session-affinity-table.js';

export interface StickySessionIdOptions {
  readonly maxEntries: number;
  readonly ttlMs: number;
  /** Ids are matched on this many leading characters, as HAProxy's stick-table `len` does. */
  readonly maxIdLength: number;
  readonly nowMs?: () => number;
}

/**
 * Affinity learned from the Mcp-Session-Id a replica mints in its response: every later request
 * carrying that id goes to that replica. Requests with no or an unknown id go round robin.
 */
export class StickySessionIdPolicy implements RoutingPolicy {
  private readonly table: SessionAffinityTable;
  private readonly fallback: RoundRobinPolicy;
  private readonly maxIdLength: number;

  constructor(backendCount: number, options: StickySessionIdOptions = STICKY_SESSION_TABLE) {
    this.fallback = new RoundRobinPolicy(backendCount);
    this.table = new SessionAffinityTable(options);
    this.maxIdLength = options.maxIdLength;
  }

  /** Number of sessions currently remembered (for tests and diagnostics). */
  get knownSessions(): number {
    return this.table.size;
  }

  pick(req: RequestView): number {
    const id = this.sessionId(req.rawHeaders);
    if (id !== undefined) {
      const known = this.table.match(id);
      if (known !== undefined) return known;
    }
    return this.fallback.pick();
  }

  onResponse(req: RequestView, backendIndex: number, res: ResponseView): void {
    const status = res.statusCode ?? 0;
    if (req.method === 'DELETE' && status >= 200 && status < 300) {
      const closed = this.sessionId(req.rawHeaders);
      if (closed !== undefined) this.table.forget(closed);
      return;
    }
    const minted = this.sessionId(res.rawHeaders);
    if (minted !== undefined) this.table.store(minted, backendIndex);
  }

  private sessionId(rawHeaders: readonly string[]): string | undefined {
    const id = rawHeaderValue(rawHeaders, MCP_SESSION_ID_HEADER);
    if (id === undefined || id === '') return undefined;
    return id.length > this.maxIdLength ? id.slice(0, this.maxIdLength) : id;
  }
}
