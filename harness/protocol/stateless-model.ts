import type { LogicalOperation } from '../workload/logical-session.js';
import { MCP_PATH } from '../servers/replica-contract.js';
import { exchange, failureReason } from './exchange.js';
import { encodeMcpHeaderValue } from './mcp-name-header.js';
import { CLIENT_INFO, type ClientSession, type OpenResult, type OpResult, type ProtocolModel, type SessionContext } from './protocol-model.js';

export const STATELESS_PROTOCOL_VERSION = '2026-07-28';

/** The per-request envelope every 2026-07-28 request carries in params._meta (PROTOCOL.md §3.1). */
const META = JSON.stringify({
  'io.modelcontextprotocol/protocolVersion': STATELESS_PROTOCOL_VERSION,
  'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
  'io.modelcontextprotocol/clientCapabilities': {},
});

interface RenderedCall {
  /** The body around the JSON-RPC id: built once per operation, joined per request. */
  readonly bodyHead: string;
  readonly bodyTail: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly method: string;
}

const BASE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': STATELESS_PROTOCOL_VERSION,
};

function render(op: LogicalOperation): RenderedCall {
  if (op.kind === 'list-tools') {
    return { bodyHead: '{"jsonrpc":"2.0","id":', bodyTail: `,"method":"tools/list","params":{"_meta":${META}}}`, headers: { ...BASE_HEADERS, 'mcp-method': 'tools/list' }, method: 'tools/list' };
  }
  return {
    bodyHead: '{"jsonrpc":"2.0","id":',
    bodyTail: `,"method":"tools/call","params":{"name":${JSON.stringify(op.tool)},"arguments":${JSON.stringify(op.arguments)},"_meta":${META}}}`,
    headers: { ...BASE_HEADERS, 'mcp-method': 'tools/call', 'mcp-name': encodeMcpHeaderValue(op.tool) },
    method: 'tools/call',
  };
}

/**
 * The 2026-07-28 stateless model: no handshake, no session; every request self-contained, with
 * MCP-Protocol-Version, Mcp-Method and (for tools/call) Mcp-Name headers mirroring the body.
 */
export class StatelessModel implements ProtocolModel {
  readonly name = 'stateless' as const;
  readonly protocolVersion = STATELESS_PROTOCOL_VERSION;
  readonly hasHandshake = false;
  // Operations are shared immutable objects (see SessionGenerator), so their rendering is cached.
  private readonly rendered = new WeakMap<LogicalOperation, RenderedCall>();

  async open(ctx: SessionContext, intendedMs: number): Promise<OpenResult> {
    return { ok: true, session: new StatelessClientSession(ctx, this.rendered), doneMs: intendedMs };
  }
}

class StatelessClientSession implements ClientSession {
  readonly recovered = false;
  private nextRpcId = 1;

  constructor(
    private readonly ctx: SessionContext,
    private readonly cache: WeakMap<LogicalOperation, RenderedCall>,
  ) {}

  async perform(op: LogicalOperation, intendedMs: number): Promise<OpResult> {
    let r = this.cache.get(op);
    if (!r) this.cache.set(op, (r = render(op)));
    const id = this.nextRpcId++;
    const result = await exchange(
      this.ctx,
      op.kind === 'list-tools' ? 'list' : 'call',
      r.method,
      { method: 'POST', path: MCP_PATH, headers: r.headers, body: r.bodyHead + id + r.bodyTail, timeoutMs: this.ctx.timeoutMs },
      id,
      'rpc-result',
      intendedMs,
    );
    // Calls are independent: a failed one never breaks the client.
    return result.ok ? { ok: true, doneMs: result.doneMs } : { ok: false, doneMs: result.doneMs, reason: failureReason(result.failure), broken: false };
  }

  async close(intendedMs: number): Promise<number> {
    return intendedMs;
  }

  abandon(): void {}
}
