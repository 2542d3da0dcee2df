import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The sessions one legacy replica holds, in its own memory only: that is the property the benchmark
 * measures (a request for a session reaching another replica finds nothing here).
 */
export interface LegacySession {
  readonly id: string;
  /** Hands one request of this session to its transport. */
  readonly handleRequest: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
  /** Closes the session's McpServer and transport (which ends its streams). */
  readonly close: () => Promise<void>;
  /** performance.now() of the last request start or finish. */
  lastSeenMs: number;
  /** Requests of this session still being answered, including an open GET stream. */
  inFlight: number;
  /** With a state strategy (`notify`): GET streams of this session open on this replica. */
  openStreams?: number;
  /** With a state strategy: writes a server→client message on the session's GET stream, if one is open. */
  readonly deliver?: (message: { readonly jsonrpc: '2.0'; readonly method: string; readonly params?: Record<string, unknown> }) => Promise<void>;
}

/**
 * Hands a request to its session, keeping the idle reaper's view current: in flight until the
 * response closes (a GET stream for its whole life), last seen at start and at finish.
 */
export function serveInSession(session: LegacySession, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  session.inFlight++;
  session.lastSeenMs = performance.now();
  res.once('close', () => {
    session.inFlight--;
    session.lastSeenMs = performance.now();
  });
  return session.handleRequest(req, res, body);
}

export interface SessionGauges {
  readonly created: number;
  readonly closed: number;
  readonly active: number;
}

export class LegacySessionTable {
  private readonly sessions = new Map<string, LegacySession>();
  private createdCount = 0;
  private closedCount = 0;

  get(id: string): LegacySession | undefined {
    return this.sessions.get(id);
  }

  add(session: LegacySession): void {
    this.sessions.set(session.id, session);
    this.createdCount++;
  }

  /** Drops a session from the table; idempotent, so every close path may call it. */
  forget(id: string): void {
    if (this.sessions.delete(id)) this.closedCount++;
  }

  /** Closes sessions idle longer than `idleTimeoutMs` with nothing in flight; returns how many. */
  closeIdle(nowMs: number, idleTimeoutMs: number): number {
    let closed = 0;
    for (const session of this.sessions.values()) {
      if (session.inFlight > 0 || nowMs - session.lastSeenMs < idleTimeoutMs) continue;
      this.forget(session.id);
      closed++;
      void session.close().catch(() => undefined);
    }
    return closed;
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    for (const session of all) this.forget(session.id);
    await Promise.allSettled(all.map((s) => s.close()));
  }

  gauges(): SessionGauges {
    return { created: this.createdCount, closed: this.closedCount, active: this.sessions.size };
  }
}
