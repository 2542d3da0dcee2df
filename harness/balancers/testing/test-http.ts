import http from 'node:http';

/** Small node:http helpers for the balancer integration tests. For tests only. */
export interface SimpleResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly agent?: http.Agent;
}

export function send(url: string, options: SendOptions = {}): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers, ...(options.body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}) };
    const req = http.request(url, { method: options.method ?? 'GET', headers, agent: options.agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

/** JSON-RPC POST to /mcp, optionally inside a session. */
export function mcpPost(baseUrl: string, method: string, sessionId: string | undefined, agent?: http.Agent): Promise<SimpleResponse> {
  return send(`${baseUrl}/mcp`, {
    method: 'POST',
    headers: sessionId ? { 'mcp-session-id': sessionId } : {},
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method }),
    ...(agent ? { agent } : {}),
  });
}

export interface OpenStream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** Everything received so far. */
  text(): string;
  /** Resolves once the received text contains `needle`. */
  waitForText(needle: string, timeoutMs?: number): Promise<void>;
  /** Resolves with how the response ended: 'end' (complete) or 'aborted' (connection lost mid-body). */
  readonly ended: Promise<'end' | 'aborted'>;
  close(): void;
}

/** Opens a GET that stays open (SSE) and resolves once its head arrived. */
export function openStream(url: string, headers: Record<string, string>, agent?: http.Agent): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers: { accept: 'text/event-stream', ...headers }, agent: agent ?? false }, (res) => {
      let received = '';
      const waiters = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        received += c;
        for (const w of [...waiters]) w();
      });
      const ended = new Promise<'end' | 'aborted'>((done) => {
        res.once('end', () => done('end'));
        res.once('close', () => done(res.complete ? 'end' : 'aborted'));
      });
      res.on('error', () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: () => received,
        waitForText: (needle, timeoutMs = 5_000) =>
          withDeadline(
            new Promise<void>((done) => {
              const check = (): void => {
                if (!received.includes(needle)) return;
                waiters.delete(check);
                done();
              };
              waiters.add(check);
              check();
            }),
            timeoutMs,
            `stream text ${JSON.stringify(needle)} (received so far: ${JSON.stringify(received.slice(-200))})`,
          ),
        ended,
        close: () => req.destroy(),
      });
    });
    req.once('error', reject);
    req.end();
  });
}

/** Rejects if `promise` has not settled within `timeoutMs`: a deadline for an awaited event, not a sleep. */
export function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
