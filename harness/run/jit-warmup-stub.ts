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

const result = (id: unknown): string => JSON.stringify({ result: { content: [{ type: 'text', text: 'ok' }] }, jsonrpc: '2.0', id });

export async function startWarmupStub(): Promise<WarmupStub> {
  const streams = new Map<string, http.ServerResponse>();
  let next = 0;
  const server = http.createServer((req, res) => {
    const sid = req.headers['mcp-session-id'];
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', [REPLICA_ID_HEADER]: 'warmup' });
      res.write(': open\n\n');
      if (typeof sid === 'string') streams.set(sid, res);
      return;
    }
    if (req.method === 'DELETE') {
      if (typeof sid === 'string') streams.get(sid)?.end();
      if (typeof sid === 'string') streams.delete(sid);
      res.writeHead(200, { [REPLICA_ID_HEADER]: 'warmup' }).end();
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
        res.writeHead(202, { [REPLICA_ID_HEADER]: 'warmup' }).end();
        return;
      }
      if (msg.method === 'initialize') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'mcp-session-id': `warm-${next++}`, [REPLICA_ID_HEADER]: 'warmup' });
        res.end(`event: message\ndata: ${result(msg.id)}\n\n`);
        return;
      }
      if (typeof sid === 'string') {
        res.writeHead(200, { 'content-type': 'text/event-stream', [REPLICA_ID_HEADER]: 'warmup' });
        res.end(`event: message\ndata: ${result(msg.id)}\n\n`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', [REPLICA_ID_HEADER]: 'warmup' });
      res.end(result(msg.id));
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
