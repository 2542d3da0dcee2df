import { LATE_START_MS } from '../load/executor.js';
import type { CellRecorder } from '../metrics/cell-recorder.js';
import type { ClientSession, ProtocolModel, SessionContext } from '../protocol/protocol-model.js';
import { runLogicalSession } from '../protocol/run-logical-session.js';
import type { SessionGenerator } from '../workload/session-generator.js';

/** What one start of the load does. */
export interface SlotHandler {
  run(index: number, intendedMs: number, measured: boolean): Promise<void>;
  /** Ends whatever the handler keeps open (long-lived client sessions). */
  finish(): Promise<void>;
  /** unit requests: starts that waited more than LATE_START_MS for a free client, and the longest wait. */
  readonly queued: { count: number; maxWaitMs: number };
}

/** unit sessions: every start is a whole logical session with its own client context. */
export function sessionsHandler(model: ProtocolModel, sessions: SessionGenerator, recorder: CellRecorder, contextFor: (index: number) => SessionContext): SlotHandler {
  return {
    queued: { count: 0, maxWaitMs: 0 },
    async run(index, intendedMs, measured) {
      recorder.sessionStarted();
      const ctx = contextFor(index);
      ctx.measured = measured;
      let outcome;
      try {
        outcome = await runLogicalSession(model, sessions.session(index), ctx, intendedMs);
      } catch {
        // Models classify request failures themselves; reaching here is a harness bug, shown as a failure.
        outcome = { kind: 'failed', reason: 'transport-error' } as const;
      }
      recorder.sessionFinished(outcome, measured);
    },
    async finish() {},
  };
}

interface PooledClient {
  readonly ctx: SessionContext;
  session: ClientSession | undefined;
  openedMeasured: boolean;
}

/**
 * unit requests: `clients` long-lived client sessions (wrk2's connections); each start takes a free
 * one (FIFO when all are busy, counting the wait), performs one operation, and gives it back. A client
 * whose session breaks opens a new one on its next use.
 */
export function requestsHandler(model: ProtocolModel, sessions: SessionGenerator, recorder: CellRecorder, clients: number, contextFor: (index: number) => SessionContext): SlotHandler {
  // FIFO: the longest-idle client takes the next start, so work spreads over every client (like
  // wrk2's connections, each on its own schedule) instead of piling onto the first.
  const idle: PooledClient[] = Array.from({ length: clients }, (_, i) => ({ ctx: contextFor(i), session: undefined, openedMeasured: false }));
  const waiters: Array<(c: PooledClient) => void> = [];
  const queued = { count: 0, maxWaitMs: 0 };
  const acquire = (): Promise<PooledClient> | PooledClient => idle.shift() ?? new Promise((resolve) => waiters.push(resolve));
  const release = (c: PooledClient): void => {
    const next = waiters.shift();
    if (next) next(c);
    else idle.push(c);
  };
  return {
    queued,
    async run(index, intendedMs, measured) {
      const client = await acquire();
      const waitMs = performance.now() - intendedMs;
      if (waitMs > LATE_START_MS) {
        queued.count++;
        if (waitMs > queued.maxWaitMs) queued.maxWaitMs = waitMs;
      }
      try {
        client.ctx.measured = measured;
        let cursorMs = intendedMs;
        if (!client.session) {
          recorder.sessionStarted();
          const opened = await model.open(client.ctx, intendedMs);
          if (!opened.ok) {
            recorder.sessionFinished({ kind: 'failed', reason: opened.reason }, measured);
            return;
          }
          client.session = opened.session;
          client.openedMeasured = measured;
          cursorMs = intendedMs;
        }
        const r = await client.session.perform(sessions.operation(index), cursorMs);
        if (!r.ok && r.broken) {
          client.session.abandon();
          client.session = undefined;
          recorder.sessionFinished({ kind: 'failed', reason: r.reason }, client.openedMeasured);
        }
      } finally {
        release(client);
      }
    },
    async finish() {
      const all = [...idle];
      idle.length = 0;
      await Promise.all(
        all.map(async (c) => {
          if (!c.session) return;
          // Ending the long-lived sessions is not part of the measured work.
          c.ctx.measured = false;
          await c.session.close(performance.now());
          recorder.sessionFinished(c.session.recovered ? { kind: 'recovered' } : { kind: 'ok' }, c.openedMeasured);
          c.session = undefined;
        }),
      );
    },
  };
}
