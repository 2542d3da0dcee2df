import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { REPLICA_ID_HEADER } from '../servers/replica-contract.js';

/**
 * An in-process loopback MCP stand-in for the generator's JIT warm-up only (never measured): answers
 * both protocol models in the shapes the reference servers use — legacy: SSE results, a session id
 * minted by initialize, a GET stream ended by the DELETE; stateless: JSON results — so the warm-up
 * runs the same parser, client and model paths as the real load.
 */
export interface WarmupStub {
  readonly origin: string;
  close(): Promise<void>;
}

// The reference servers' answer shapes (parsed objects' shapes are part of what V8 learns).
const INIT_RESULT = { protocolVersion: '2025-11-25', capabilities: { tools: { listChanged: true } }, serverInfo: { name: 'mcp-lb-bench-reference', version: '0.1.0' } };
const LEGACY_RESULT = { content: [{ type: 'text', text: 'hello' }] };
const STATELESS_RESULT = { content: [{ type: 'text', text: 'hello' }], resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'mcp-lb-bench-reference', version: '0.1.0' } } };
const answer = (id: unknown, result: object): string => JSON.stringify({ result, jsonrpc: '2.0', id });
const sse = (data: string): string => `event: message\ndata: ${data}\n\n`;
const SSE_HEADERS = { 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'content-type': 'text/event-stream' };

export async function startWarmupStub(): Promise<WarmupStub> {
  const streams = new Map<string, http.ServerResponse>();
  let next = 0;
  let answered = 0;
  // Replica ids vary as behind a balancer: the recorder's counters are keyed by them.
  const rid = (): string => `r${(answered++ % 3) + 1}`;
  const server = http.createServer((req, res) => {
    const sid = req.headers['mcp-session-id'];
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', [REPLICA_ID_HEADER]: rid() });
      res.write(': open\n\n');
      if (typeof sid === 'string') streams.set(sid, res);
      return;
    }
    if (req.method === 'DELETE') {
      if (typeof sid === 'string') streams.get(sid)?.end();
      if (typeof sid === 'string') streams.delete(sid);
      res.writeHead(200, { [REPLICA_ID_HEADER]: rid() }).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      let msg: { id?: unknown; method?: string } = {};
      try {
        msg = JSON.parse(body) as typeof msg;
      } catch {
        // not JSON: answered as a call below
      }
      if (msg.id === undefined) {
        res.writeHead(202, { [REPLICA_ID_HEADER]: rid() }).end();
        return;
      }
      if (msg.method === 'initialize') {
        const body = sse(answer(msg.id, INIT_RESULT));
        res.writeHead(200, { [REPLICA_ID_HEADER]: rid(), ...SSE_HEADERS, 'mcp-session-id': `warm-${next++}`, 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      if (typeof sid === 'string') {
        // Like the v1 SDK: the head goes out first, then one chunked SSE event.
        res.writeHead(200, { [REPLICA_ID_HEADER]: rid(), ...SSE_HEADERS, 'mcp-session-id': sid });
        res.flushHeaders();
        res.write(sse(answer(msg.id, LEGACY_RESULT)));
        res.end();
        return;
      }
      res.writeHead(200, { [REPLICA_ID_HEADER]: rid(), 'content-type': 'application/json' });
      res.write(answer(msg.id, STATELESS_RESULT));
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams.values()) s.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
