import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { cannedJsonRpcError, sendCanned } from './json-responses.js';
import { buildLegacyMcpServer, isInitializeRequest, METHOD_NOT_ALLOWED, sessionErrorResponses, SESSION_HEADER, startIdleSweeper, trackStream, type UnknownSessionStatus } from './legacy-server.js';
import { assertRehydrationSupported, replayHandshake } from './legacy-rehydrate.js';
import { LegacySessionTable, serveInSession, type LegacySession } from './legacy-session-table.js';
import type { SessionNotifier } from './notify-tool.js';
import type { ReplicaModel } from './replica-model.js';
import { STORE_UNAVAILABLE_CODE, STORE_UNAVAILABLE_HTTP_STATUS, type StateCounterKey } from './state-contract.js';
import { StateCounters } from './state-counters.js';
import type { RedisSessionStore } from './store/redis-session-store.js';
import { isStoreUnavailable, type RedisStore } from './store/redis-store.js';

export interface SharedLegacyModelOptions {
  readonly replicaId: string;
  readonly unknownSessionStatus: UnknownSessionStatus;
  /** Also the TTL of the store record, slid by every request; 0 = never expires. */
  readonly sessionIdleTimeoutMs: number;
  readonly store: RedisStore;
  readonly sessions: RedisSessionStore;
}

export const SHARED_SESSION_COUNTERS: readonly StateCounterKey[] = [
  'sessionsMinted', 'sessionsRehydrated', 'sessionsDeleted', 'sessionsNotFound', 'notificationsPublished', 'notificationsDelivered',
];

const STORE_UNAVAILABLE = cannedJsonRpcError(STORE_UNAVAILABLE_HTTP_STATUS, STORE_UNAVAILABLE_CODE, 'Service Unavailable: the shared session store is unreachable', { 'retry-after': '1' });

/**
 * The 2025-11-25 session model with the session in Redis: any replica serves any session.
 * - initialize: the record (initialize params) is written *before* the client can learn the id.
 * - any later request: one store op checks the session still exists and slides its TTL (so a DELETE
 *   on another replica is seen at once); a replica without a local copy loads the record instead and
 *   rebuilds the session by replaying its handshake (legacy-rehydrate.ts), then keeps the copy.
 * - GET: the replica holding the stream subscribes to the session's channel; `notify` on any replica
 *   publishes there. DELETE removes the record and announces it on the channel (the stream's holder
 *   closes it). A store failure answers 503 (STORE_UNAVAILABLE_CODE) and never kills the replica.
 */
export function createSharedLegacyModel(options: SharedLegacyModelOptions): ReplicaModel & { stateStats(): Record<string, number> } {
  const { replicaId, store, sessions } = options;
  assertRehydrationSupported(new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID }));
  const table = new LegacySessionTable();
  const counters = new StateCounters(SHARED_SESSION_COUNTERS);
  const { unknown: unknownSession, missing: missingSession } = sessionErrorResponses(options.unknownSessionStatus);
  const sweeper = startIdleSweeper(table, options.sessionIdleTimeoutMs);
  const rehydrating = new Map<string, Promise<LegacySession | undefined>>();
  const notifier: SessionNotifier = {
    notify: async (sessionId, message) => {
      const reached = await sessions.publish(sessionId, message);
      counters.add('notificationsPublished');
      return reached;
    },
    onStoreUnavailable: () => store.countUnavailableResponse(),
  };

  sessions.onEvent((sessionId, event) => {
    const local = table.get(sessionId);
    if (local === undefined) return;
    if (event.kind === 'message') {
      if (local.deliver === undefined) return;
      counters.add('notificationsDelivered');
      void local.deliver(event.message).catch(() => undefined);
    } else if (event.by !== replicaId) {
      dropLocal(sessionId, local); // deleted elsewhere: end our copy (and the GET stream it carries)
    }
  });

  function dropLocal(sessionId: string, session: LegacySession): void {
    if (table.get(sessionId) !== session) return;
    table.forget(sessionId);
    void session.close().catch(() => undefined);
  }

  /** A transport + server pair for `sessionId`; the transport adopts the id instead of minting one. */
  async function buildSession(sessionId: string, onInitialized?: (session: LegacySession) => void): Promise<{ session: LegacySession; transport: StreamableHTTPServerTransport }> {
    const server = buildLegacyMcpServer(notifier, replicaId);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => sessionId, onsessioninitialized: () => onInitialized?.(session) });
    const session: LegacySession = {
      id: sessionId,
      handleRequest: (q, r, b) => transport.handleRequest(q, r, b),
      close: () => server.close(),
      lastSeenMs: performance.now(),
      inFlight: 0,
      openStreams: 0,
      deliver: (message) => transport.send(message),
    };
    // Closing for any reason (DELETE, idle sweep, shutdown, a delete event) leaves the table, but only
    // if the table still holds *this* copy: a newer one may have been rehydrated under the same id.
    transport.onclose = () => {
      if (table.get(sessionId) === session) table.forget(sessionId);
    };
    await server.connect(transport);
    return { session, transport };
  }

  function rehydrate(sessionId: string): Promise<LegacySession | undefined> {
    let pending = rehydrating.get(sessionId);
    if (pending === undefined) {
      pending = (async () => {
        const stored = await sessions.load(sessionId);
        if (stored === undefined) return undefined;
        const { session, transport } = await buildSession(sessionId);
        try {
          await replayHandshake(transport, sessionId, stored);
        } catch (e) {
          void session.close().catch(() => undefined);
          throw e;
        }
        table.add(session);
        counters.add('sessionsRehydrated');
        return session;
      })().finally(() => rehydrating.delete(sessionId));
      rehydrating.set(sessionId, pending);
    }
    return pending;
  }

  function notFound(res: ServerResponse, sessionId: string, local: LegacySession | undefined): void {
    if (local !== undefined) dropLocal(sessionId, local);
    counters.add('sessionsNotFound');
    sendCanned(res, unknownSession);
  }

  async function serveExisting(sessionId: string, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    let session = table.get(sessionId);
    const initialized = isInitializedNotification(body);
    if (session !== undefined) {
      // DELETE needs no separate check: remove() reports whether the record was still there.
      const alive = req.method === 'DELETE' ? true : initialized ? await sessions.markInitialized(sessionId) : await sessions.touch(sessionId);
      if (!alive) return notFound(res, sessionId, session);
    } else {
      session = await rehydrate(sessionId);
      if (session === undefined) return notFound(res, sessionId, undefined);
      if (initialized && !(await sessions.markInitialized(sessionId))) return notFound(res, sessionId, session);
    }
    if (req.method === 'DELETE') {
      if (!(await sessions.remove(sessionId, replicaId))) return notFound(res, sessionId, session);
      counters.add('sessionsDeleted');
    } else if (req.method === 'GET') {
      await sessions.holdStream(sessionId);
      res.once('close', () => void sessions.releaseStream(sessionId).catch(() => undefined));
      trackStream(session, res);
    }
    return serveInSession(session, req, res, body);
  }

  async function startSession(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const sessionId = randomUUID();
    // Durable before the id can reach the client: its next request may land on any replica.
    await sessions.create(sessionId, { initializeParams: (body as { params?: unknown }).params, initialized: false, owner: replicaId, createdAtMs: Date.now() });
    let registered = false;
    const { session } = await buildSession(sessionId, (s) => {
      registered = true;
      table.add(s);
      counters.add('sessionsMinted');
    });
    try {
      await session.handleRequest(req, res, body);
    } finally {
      // The SDK refused the initialize (bad Accept, ...): drop the record we wrote for it.
      if (!registered) {
        void session.close().catch(() => undefined);
        void sessions.remove(sessionId, replicaId).catch(() => undefined);
      }
    }
  }

  return {
    model: 'legacy',
    async handle(req, res, body) {
      const verb = req.method;
      if (verb !== 'POST' && verb !== 'GET' && verb !== 'DELETE') return sendCanned(res, METHOD_NOT_ALLOWED);
      const sessionId = req.headers[SESSION_HEADER];
      try {
        if (typeof sessionId === 'string' && sessionId !== '') return await serveExisting(sessionId, req, res, body);
        if (verb === 'POST' && isInitializeRequest(body)) return await startSession(req, res, body);
      } catch (e) {
        if (!isStoreUnavailable(e) || res.headersSent) throw e;
        store.countUnavailableResponse();
        return sendCanned(res, STORE_UNAVAILABLE);
      }
      return sendCanned(res, missingSession);
    },
    sessionStats: () => table.gauges(),
    stateStats: () => counters.snapshot(),
    async close() {
      if (sweeper !== undefined) clearInterval(sweeper);
      await table.closeAll();
      await store.close();
    },
  };
}

function isInitializedNotification(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { method?: unknown }).method === 'notifications/initialized';
}
