import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP proxy for the client-profile tests: forwards every request to one upstream MCP server
 * and records, in arrival order, what a balancer would see of it — verb, JSON-RPC method, the headers
 * that matter and the status. It can lose the session once (a DELETE of its own, straight to the
 * upstream and not recorded), as a replica restart or a balancer's re-routing would. For tests only.
 */
export interface LoggedRequest {
  readonly verb: string;
  /** The JSON-RPC method of a POST ('' otherwise). */
  readonly rpc: string;
  /** Session ids as S1, S2... in order of first appearance; '-' without one. */
  readonly session: string;
  readonly version: string;
  readonly mcpMethod: string;
  readonly mcpName: string;
  readonly accept: string;
  readonly contentType: string;
  readonly status: number;
}

export interface LoseSession {
  /** Delete the session right after the answer to `initialize`, or after the n-th tools/call answered. */
  readonly after: 'initialize' | { readonly calls: number };
}

export interface LoggingProxy {
  readonly url: string;
  /** What arrived so far. */
  readonly log: LoggedRequest[];
  close(): Promise<void>;
}

export async function startLoggingProxy(upstream: string, lose?: LoseSession): Promise<LoggingProxy> {
  const target = new URL(upstream);
  const log: LoggedRequest[] = [];
  const names = new Map<string, string>();
  const alias = (id: string | undefined): string => {
    if (id === undefined) return '-';
    if (!names.has(id)) names.set(id, `S${names.size + 1}`);
    return names.get(id) as string;
  };
  let calls = 0;
  let lost = false;
  // A loss happens between two requests: the next request waits for the DELETE to finish.
  let pending: Promise<void> = Promise.resolve();
  const deleteUpstream = (id: string): Promise<void> =>
    new Promise((resolve) => {
      const req = http.request({ host: target.hostname, port: target.port, method: 'DELETE', path: '/mcp', headers: { 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' } }, (res) => {
        res.resume();
        res.once('end', () => resolve());
      });
      req.once('error', () => resolve());
      req.end();
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void pending.then(() => {
        const body = Buffer.concat(chunks);
        const rpc = body.length > 0 ? String((JSON.parse(body.toString('utf8')) as { method?: unknown }).method ?? '') : '';
        const h = (name: string): string => String(req.headers[name] ?? '-');
        const entry = {
          verb: req.method ?? '?',
          rpc,
          session: alias(req.headers['mcp-session-id'] as string | undefined),
          version: h('mcp-protocol-version'),
          mcpMethod: h('mcp-method'),
          mcpName: h('mcp-name'),
          accept: h('accept'),
          contentType: h('content-type'),
        };
        const index = log.length;
        log.push({ ...entry, status: 0 });
        const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
          const status = upRes.statusCode ?? 0;
          log[index] = { ...entry, status };
          res.writeHead(status, upRes.headers);
          // An SSE stream's head goes out now (Node holds it until the first body byte otherwise).
          res.flushHeaders();
          upRes.pipe(res);
          upRes.once('end', () => {
            const sid = (upRes.headers['mcp-session-id'] as string | undefined) ?? (req.headers['mcp-session-id'] as string | undefined);
            if (rpc === 'tools/call' && status === 200) calls++;
            const due = lose && !lost && sid !== undefined && (lose.after === 'initialize' ? rpc === 'initialize' : rpc === 'tools/call' && calls === lose.after.calls);
            if (due) {
              lost = true;
              pending = deleteUpstream(sid);
            }
          });
        });
        up.once('error', () => res.destroy());
        res.once('close', () => up.destroy());
        up.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The sequence as compared: each client starts its GET stream concurrently with what follows the 202
 * to `initialized` (the SDK does not wait for it), so its arrival order is not the client's order; it
 * is placed right after the `initialized` of its session.
 */
export function normalized(log: readonly LoggedRequest[]): LoggedRequest[] {
  const out: LoggedRequest[] = [];
  for (const e of log) {
    if (e.verb !== 'GET') {
      out.push(e);
      continue;
    }
    const at = out.map((x) => x.rpc === 'notifications/initialized' && x.session === e.session).lastIndexOf(true);
    out.splice(at + 1, 0, e);
  }
  return out;
}
