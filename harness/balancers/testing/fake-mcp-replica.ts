import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { HEALTH_PATH, REPLICA_ID_HEADER } from '../../servers/replica-contract.js';
import { MCP_SESSION_ID_HEADER } from '../balancer.js';

/**
 * A tiny in-process stand-in for an MCP replica, just enough of the 2025-11-25 session rules to test
 * balancer policies: POST initialize mints a session id, an unknown session id gets 404, a GET opens an
 * SSE stream that stays open (with a comment now and then) until the client leaves or the session is
 * deleted. Every response names the replica in X-Replica-Id. For tests only.
 */
/** A GET carrying this header holds an SSE stream open with no session (least-conn tests). */
export const HOLD_HEADER = 'x-test-hold';

export interface FakeReplicaStream {
  readonly sessionId: string;
  readonly res: http.ServerResponse;
  /** Resolves when the stream's connection is gone or the stream was ended. */
  readonly closed: Promise<void>;
}

export interface FakeMcpReplica {
  readonly id: string;
  readonly port: number;
  readonly sessions: ReadonlySet<string>;
  /** Requests answered, by status (health probes excluded). */
  readonly statusCounts: Map<number, number>;
  /** tools/call requests received, by `params.name`. */
  readonly toolCalls: Map<string, number>;
  /** GET /-/healthz probes answered (balancer health checks). */
  healthProbes(): number;
  readonly openStreams: Set<FakeReplicaStream>;
  /** Raw header list of the last request received, as it arrived. */
  lastRequestRawHeaders(): readonly string[];
  /** Fires with each newly opened stream. */
  onStream(listener: (stream: FakeReplicaStream) => void): () => void;
  requests(): number;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeMcpReplicaOptions {
  readonly id: string;
  /** Interval of the SSE keep-alive comment. */
  readonly commentIntervalMs?: number;
}

export async function startFakeMcpReplica(options: FakeMcpReplicaOptions): Promise<FakeMcpReplica> {
  const id = options.id;
  const sessions = new Set<string>();
  const statusCounts = new Map<number, number>();
  const toolCalls = new Map<string, number>();
  let healthProbes = 0;
  const openStreams = new Set<FakeReplicaStream>();
  const streamListeners = new Set<(s: FakeReplicaStream) => void>();
  const commentIntervalMs = options.commentIntervalMs ?? 250;
  let lastRawHeaders: readonly string[] = [];

  const answer = (res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void => {
    statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), [REPLICA_ID_HEADER]: id, ...extra });
    res.end(text);
  };

  const openStream = (req: http.IncomingMessage, res: http.ServerResponse, sessionId: string): void => {
    statusCounts.set(200, (statusCounts.get(200) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', [REPLICA_ID_HEADER]: id });
    res.write(': open\n\n');
    const timer = setInterval(() => res.write(': keep-alive\n\n'), commentIntervalMs);
    const closed = once(res, 'close').then(() => {
      clearInterval(timer);
      openStreams.delete(stream);
    });
    const stream: FakeReplicaStream = { sessionId, res, closed };
    openStreams.add(stream);
    for (const l of streamListeners) l(stream);
  };

  const server = http.createServer((req, res) => {
    if (req.url === HEALTH_PATH) {
      // Like the real replicas: the probe is answered, never counted as an MCP request.
      healthProbes += 1;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
      return;
    }
    lastRawHeaders = req.rawHeaders;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sessionId = req.headers[MCP_SESSION_ID_HEADER] as string | undefined;
      if (sessionId !== undefined && !sessions.has(sessionId)) {
        answer(res, 404, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } });
        return;
      }
      if (req.method === 'GET' && sessionId !== undefined) return openStream(req, res, sessionId);
      // Test hook: a stream held open without a session, on whichever replica the balancer picked.
      if (req.method === 'GET' && req.headers[HOLD_HEADER] !== undefined) return openStream(req, res, '');
      if (req.method === 'DELETE' && sessionId !== undefined) {
        sessions.delete(sessionId);
        for (const s of openStreams) if (s.sessionId === sessionId) s.res.end();
        return answer(res, 200, { deleted: sessionId });
      }
      let method: unknown;
      try {
        const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method?: unknown; params?: { name?: unknown } }) : undefined;
        method = body?.method;
        const tool = body?.params?.name;
        if (method === 'tools/call' && typeof tool === 'string') toolCalls.set(tool, (toolCalls.get(tool) ?? 0) + 1);
      } catch {
        return answer(res, 400, { error: 'invalid JSON' });
      }
      if (req.method === 'POST' && method === 'initialize') {
        const minted = randomUUID();
        sessions.add(minted);
        return answer(res, 200, { jsonrpc: '2.0', id: 1, result: { replica: id } }, { [MCP_SESSION_ID_HEADER]: minted });
      }
      answer(res, 200, { jsonrpc: '2.0', id: 1, result: { replica: id, method: method ?? null, session: sessionId ?? null } });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  return {
    id,
    port: address.port,
    sessions,
    statusCounts,
    toolCalls,
    healthProbes: () => healthProbes,
    openStreams,
    lastRequestRawHeaders: () => lastRawHeaders,
    onStream(listener) {
      streamListeners.add(listener);
      return () => streamListeners.delete(listener);
    },
    requests: () => [...statusCounts.values()].reduce((a, b) => a + b, 0),
    reset() {
      statusCounts.clear();
      toolCalls.clear();
      healthProbes = 0;
    },
    async close() {
      for (const s of openStreams) s.res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
