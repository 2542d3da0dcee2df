import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { cannedJsonRpcError, sendCanned, type CannedJsonResponse } from './json-responses.js';
import { LegacySessionTable, serveInSession as plainServeInSession, type LegacySession } from './legacy-session-table.js';
import { registerNotifyTool, type SessionNotifier } from './notify-tool.js';
import { echoInput, REFERENCE_SERVER_INFO, runEcho, runSleep, runWork, sleepInput, TOOL_DESCRIPTIONS, workInput } from './reference-tools.js';
import type { ReplicaModel } from './replica-model.js';

export type UnknownSessionStatus = 404 | 400;

export interface LegacyModelOptions {
  /** 404 as the spec and the v1 transport say, or 400 as the v1 SDK's example router answers. */
  readonly unknownSessionStatus: UnknownSessionStatus;
  /** Sessions with no request for this long (and none in flight) are closed; 0 = never. */
  readonly sessionIdleTimeoutMs: number;
  /**
   * `--session-store memory`: sessions also get the `notify` tool, delivered to the session's GET stream
   * on this replica only (the sticky-routing baseline of the shared store). Absent: the plain server.
   */
  readonly notify?: { readonly replicaId: string; readonly onPublished?: () => void; readonly onDelivered?: () => void };
}

export const SESSION_HEADER = 'mcp-session-id';

// Spec / v1 transport wording for the default mode ...
export const SESSION_NOT_FOUND = cannedJsonRpcError(404, -32001, 'Session not found');
const SESSION_ID_REQUIRED = cannedJsonRpcError(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
// ... and the v1 example router's single answer for both cases (simpleStreamableHttp.ts).
const NO_VALID_SESSION = cannedJsonRpcError(400, -32000, 'Bad Request: No valid session ID provided');
export const METHOD_NOT_ALLOWED = cannedJsonRpcError(405, -32000, 'Method not allowed.', { allow: 'GET, POST, DELETE' });

/** The canned answers for an unknown session id and for a missing one, per `--unknown-session-status`. */
export function sessionErrorResponses(status: UnknownSessionStatus): { readonly unknown: CannedJsonResponse; readonly missing: CannedJsonResponse } {
  return status === 400 ? { unknown: NO_VALID_SESSION, missing: NO_VALID_SESSION } : { unknown: SESSION_NOT_FOUND, missing: SESSION_ID_REQUIRED };
}

/**
 * The 2025-11-25 session model on the v1 SDK: one StreamableHTTPServerTransport + McpServer per
 * session, SSE responses (the transport's JSON mode leaks per request in 1.32.2), routed by
 * Mcp-Session-Id through this replica's own table.
 */
export function createLegacyModel(options: LegacyModelOptions): ReplicaModel {
  const table = new LegacySessionTable();
  const { unknown: unknownSession, missing: missingSession } = sessionErrorResponses(options.unknownSessionStatus);
  const sweeper = startIdleSweeper(table, options.sessionIdleTimeoutMs);
  const notify = options.notify;
  const notifier = notify === undefined ? undefined : localNotifier(table, notify.onPublished, notify.onDelivered);

  // Only with `notify`: GET streams are tracked so a notification knows whether anyone listens here.
  // Chosen once, so the plain server's per-request path stays exactly as measured.
  const serveInSession = notifier === undefined ? plainServeInSession : (session: LegacySession, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    if (req.method === 'GET') trackStream(session, res);
    return plainServeInSession(session, req, res, body);
  };

  const startSession = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    const server = buildLegacyMcpServer(notifier, notify?.replicaId);
    let session: LegacySession | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        session = {
          id,
          handleRequest: (q, r, b) => transport.handleRequest(q, r, b),
          close: () => server.close(),
          lastSeenMs: performance.now(),
          inFlight: 0,
          ...(notifier === undefined ? {} : { openStreams: 0, deliver: (message: Parameters<LegacySessionDeliver>[0]) => transport.send(message) }),
        };
        table.add(session);
      },
      onsessionclosed: (id) => table.forget(id),
    });
    // Any other way the transport ends (idle expiry, shutdown) must also leave the table.
    transport.onclose = () => {
      if (transport.sessionId !== undefined) table.forget(transport.sessionId);
    };
    await server.connect(transport);
    try {
      await transport.handleRequest(req, res, body);
    } finally {
      // The SDK refused the initialize (bad Accept, invalid params...): nothing to keep.
      if (session === undefined) void server.close().catch(() => undefined);
    }
  };

  return {
    model: 'legacy',
    async handle(req, res, body) {
      const verb = req.method;
      if (verb !== 'POST' && verb !== 'GET' && verb !== 'DELETE') return sendCanned(res, METHOD_NOT_ALLOWED);
      const sessionId = req.headers[SESSION_HEADER];
      if (typeof sessionId === 'string' && sessionId !== '') {
        const session = table.get(sessionId);
        if (session === undefined) return sendCanned(res, unknownSession);
        return serveInSession(session, req, res, body);
      }
      if (verb === 'POST' && isInitializeRequest(body)) return startSession(req, res, body);
      return sendCanned(res, missingSession);
    },
    sessionStats: () => table.gauges(),
    async close() {
      if (sweeper !== undefined) clearInterval(sweeper);
      await table.closeAll();
    },
  };
}

type LegacySessionDeliver = NonNullable<LegacySession['deliver']>;

/** Counts a session's open GET streams while they last. */
export function trackStream(session: LegacySession, res: ServerResponse): void {
  session.openStreams = (session.openStreams ?? 0) + 1;
  res.once('close', () => {
    session.openStreams = (session.openStreams ?? 1) - 1;
  });
}

/** `notify` without a shared store: reaches the session's GET stream only if it is held by this replica. */
function localNotifier(table: LegacySessionTable, onPublished?: () => void, onDelivered?: () => void): SessionNotifier {
  return {
    async notify(sessionId, message) {
      onPublished?.();
      const session = table.get(sessionId);
      if (session?.deliver === undefined || (session.openStreams ?? 0) === 0) return 0;
      await session.deliver(message);
      onDelivered?.();
      return 1;
    },
  };
}

export function isInitializeRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { method?: unknown }).method === 'initialize';
}

export function startIdleSweeper(table: LegacySessionTable, idleTimeoutMs: number): NodeJS.Timeout | undefined {
  if (idleTimeoutMs <= 0) return undefined;
  // A quarter of the timeout keeps expiry within 25 % late without waking a busy replica often.
  const periodMs = Math.min(Math.max(Math.floor(idleTimeoutMs / 4), 10), 30_000);
  const timer = setInterval(() => table.closeIdle(performance.now(), idleTimeoutMs), periodMs);
  timer.unref();
  return timer;
}

/** The v1 server of one session; with a notifier it also offers `notify` (and declares logging, which notify emits). */
export function buildLegacyMcpServer(notifier?: SessionNotifier, replicaId = '?'): McpServer {
  const server = notifier === undefined ? new McpServer(REFERENCE_SERVER_INFO) : new McpServer(REFERENCE_SERVER_INFO, { capabilities: { logging: {} } });
  server.registerTool('echo', { description: TOOL_DESCRIPTIONS.echo, inputSchema: echoInput }, (args) => runEcho(args));
  server.registerTool('work', { description: TOOL_DESCRIPTIONS.work, inputSchema: workInput }, (args) => runWork(args));
  server.registerTool('sleep', { description: TOOL_DESCRIPTIONS.sleep, inputSchema: sleepInput }, (args, extra) => runSleep(args, extra.signal));
  if (notifier !== undefined) registerNotifyTool(server, notifier, replicaId);
  return server;
}
