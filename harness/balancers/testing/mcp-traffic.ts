import http from 'node:http';
import { REPLICA_ID_HEADER } from '../../servers/replica-contract.js';

/**
 * Raw MCP requests for the policy suite, over node:http so a test controls exactly what a balancer
 * sees: the source address (client-ip), cookies (sticky-cookie), the session header. For tests only.
 */
export interface Reply {
  readonly status: number;
  readonly replica: string | undefined;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface SendOptions {
  readonly localAddress?: string;
  readonly agent?: http.Agent;
}

export function post(baseUrl: string, body: unknown, headers: Record<string, string>, options: SendOptions = {}): Promise<Reply> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}/mcp`,
      {
        method: 'POST',
        agent: options.agent ?? false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': String(Buffer.byteLength(text)), ...headers },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, replica: res.headers[REPLICA_ID_HEADER] as string | undefined, headers: res.headers, body: data }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(text);
  });
}

const LEGACY = '2025-11-25';
const STATELESS = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': STATELESS,
  'io.modelcontextprotocol/clientInfo': { name: 'policy-suite', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A 2026-07-28 tools/call: self-contained body, Mcp-Method / Mcp-Name headers. */
export function statelessCall(baseUrl: string, tool: string, args: Record<string, unknown>, options: SendOptions & { readonly headers?: Record<string, string> } = {}): Promise<Reply> {
  return post(
    baseUrl,
    { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: args, _meta: ENVELOPE } },
    { 'mcp-protocol-version': STATELESS, 'mcp-method': 'tools/call', 'mcp-name': tool, ...options.headers },
    options,
  );
}

/**
 * A 2026-07-28 Tasks extension request (tasks/get, tasks/update, tasks/cancel): the task id in
 * `params.taskId` and in `Mcp-Name`, which the SDK requires to match. `headers` override either.
 */
export function statelessTaskRequest(baseUrl: string, method: string, taskId: string, options: SendOptions & { readonly headers?: Record<string, string> } = {}): Promise<Reply> {
  return post(
    baseUrl,
    { jsonrpc: '2.0', id: 1, method, params: { taskId, _meta: ENVELOPE } },
    { 'mcp-protocol-version': STATELESS, 'mcp-method': method, 'mcp-name': taskId, ...options.headers },
    options,
  );
}

/** A 2025-11-25 session as a client runs it, keeping (or not) the balancer's cookie. */
export class LegacySession {
  sessionId: string | undefined;
  private cookie: string | undefined;
  /** Status and replica of every request, in order: initialize, initialized, then each call. */
  readonly replies: Reply[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly keepCookies: boolean,
  ) {}

  async initialize(): Promise<Reply> {
    const r = await this.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'policy-suite', version: '1' } } });
    this.sessionId = r.headers['mcp-session-id'] as string | undefined;
    return r;
  }

  initialized(): Promise<Reply> {
    return this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  call(tool: string, args: Record<string, unknown>): Promise<Reply> {
    return this.send({ jsonrpc: '2.0', id: this.replies.length + 1, method: 'tools/call', params: { name: tool, arguments: args } });
  }

  private async send(body: unknown): Promise<Reply> {
    const headers: Record<string, string> = { 'mcp-protocol-version': LEGACY };
    if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
    if (this.keepCookies && this.cookie) headers['cookie'] = this.cookie;
    const r = await post(this.baseUrl, body, headers);
    const set = r.headers['set-cookie'];
    if (this.keepCookies && set && set.length > 0) this.cookie = set.map((c) => c.split(';')[0]).join('; ');
    this.replies.push(r);
    return r;
  }
}
