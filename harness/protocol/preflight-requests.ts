import { request } from 'undici';
import type { ServerModel } from '../servers/replica-contract.js';
import { MCP_PATH } from '../servers/replica-contract.js';
import { jsonRpcOutcome, type JsonRpcOutcome } from './jsonrpc-response.js';
import { LEGACY_PROTOCOL_VERSION } from './legacy-model.js';
import { CLIENT_INFO } from './protocol-model.js';
import { META, STATELESS_PROTOCOL_VERSION } from './stateless-requests.js';

/**
 * The few requests the run's preflight sends to one replica of a server before any cell: open a client
 * (legacy: initialize + initialized; stateless: nothing), list its tools (every page), and ask with a
 * session id nobody minted to see how the target says "session lost". Plain request/answer, timed out.
 */
export interface PreflightAnswer {
  readonly status: number;
  readonly rpc: JsonRpcOutcome;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface ListedTool {
  readonly name: string;
  readonly inputSchema: Record<string, unknown>;
}

const TIMEOUT_MS = 10_000;
const ACCEPT = 'application/json, text/event-stream';

export class PreflightClient {
  private sessionId: string | undefined;
  private nextId = 1;

  constructor(
    private readonly baseUrl: string,
    private readonly model: ServerModel,
  ) {}

  private async post(method: string, params: Record<string, unknown> | undefined, headers: Record<string, string> = {}, notification = false): Promise<PreflightAnswer> {
    const id = notification ? undefined : this.nextId++;
    const base: Record<string, string> = { 'content-type': 'application/json', accept: ACCEPT };
    let body: Record<string, unknown> = { jsonrpc: '2.0', method, ...(id !== undefined ? { id } : {}), ...(params ? { params } : {}) };
    if (this.model === 'stateless') {
      Object.assign(base, { 'mcp-protocol-version': STATELESS_PROTOCOL_VERSION, 'mcp-method': method });
      body = { ...body, params: { ...(params ?? {}), _meta: JSON.parse(META) as unknown } };
    } else if (this.sessionId !== undefined) {
      Object.assign(base, { 'mcp-session-id': this.sessionId, 'mcp-protocol-version': LEGACY_PROTOCOL_VERSION });
    }
    const res = await request(this.baseUrl + MCP_PATH, { method: 'POST', headers: { ...base, ...headers }, body: JSON.stringify(body), headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    const text = await res.body.text();
    const contentType = res.headers['content-type'];
    return { status: res.statusCode, rpc: jsonRpcOutcome(typeof contentType === 'string' ? contentType : undefined, text, id), headers: res.headers };
  }

  /** legacy: initialize and initialized, as a client opens a session; stateless: nothing to open. */
  async open(): Promise<void> {
    if (this.model === 'stateless') return;
    const init = await this.post('initialize', { protocolVersion: LEGACY_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
    const sid = init.headers['mcp-session-id'];
    if (init.status !== 200 || init.rpc.kind !== 'result') throw new Error(`initialize answered HTTP ${init.status} (${describe(init.rpc)})`);
    this.sessionId = typeof sid === 'string' ? sid : undefined;
    const note = await this.post('notifications/initialized', undefined, {}, true);
    if (note.status !== 202 && note.status !== 200) throw new Error(`notifications/initialized answered HTTP ${note.status}`);
  }

  /** Every tool the server lists, following nextCursor (at most 100 pages). */
  async listTools(): Promise<ListedTool[]> {
    const tools: ListedTool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await this.post('tools/list', cursor !== undefined ? { cursor } : undefined);
      if (r.status !== 200 || r.rpc.kind !== 'result') throw new Error(`tools/list answered HTTP ${r.status} (${describe(r.rpc)})`);
      const listed = Array.isArray(r.rpc.result['tools']) ? (r.rpc.result['tools'] as Array<Record<string, unknown>>) : [];
      for (const t of listed) if (typeof t['name'] === 'string') tools.push({ name: t['name'], inputSchema: (t['inputSchema'] as Record<string, unknown> | undefined) ?? { type: 'object' } });
      cursor = typeof r.rpc.result['nextCursor'] === 'string' ? r.rpc.result['nextCursor'] : undefined;
      if (cursor === undefined) break;
    }
    return tools;
  }

  /** A request carrying a session id no server minted: what "session lost" looks like here. */
  unknownSession(): Promise<PreflightAnswer> {
    const saved = this.sessionId;
    this.sessionId = `mcp-lb-bench-preflight-unknown-${Date.now()}`;
    return this.post('tools/list', undefined).finally(() => (this.sessionId = saved));
  }

  /** Ends the session it opened (legacy), so the probe leaves nothing on a server that never expires sessions. */
  async close(): Promise<void> {
    if (this.sessionId === undefined) return;
    const res = await request(this.baseUrl + MCP_PATH, { method: 'DELETE', headers: { 'mcp-session-id': this.sessionId, 'mcp-protocol-version': LEGACY_PROTOCOL_VERSION }, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS }).catch(() => undefined);
    await res?.body.dump();
    this.sessionId = undefined;
  }
}

export function describe(rpc: JsonRpcOutcome): string {
  return rpc.kind === 'error' ? `JSON-RPC error ${rpc.code}: ${rpc.message}` : rpc.kind === 'result' ? 'a result' : rpc.kind === 'none' ? 'no JSON-RPC answer' : 'an unparseable body';
}
