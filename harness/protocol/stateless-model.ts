import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionOutcome } from '../metrics/steps.js';
import { MCP_PATH } from '../servers/replica-contract.js';
import type { LogicalOperation, LogicalSession } from '../workload/logical-session.js';
import { exchange, failureReason } from './exchange.js';
import { encodeMcpHeaderValue } from './mcp-name-header.js';
import { CLIENT_INFO, type ProtocolModel, type SessionContext } from './protocol-model.js';

export const STATELESS_PROTOCOL_VERSION = '2026-07-28';

/** The per-request envelope every 2026-07-28 request carries in params._meta (PROTOCOL.md §3.1). */
const META = JSON.stringify({
  'io.modelcontextprotocol/protocolVersion': STATELESS_PROTOCOL_VERSION,
  'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
  'io.modelcontextprotocol/clientCapabilities': {},
});

interface RenderedCall {
  /** Body with `__ID__` where the JSON-RPC id goes: split once, joined per request. */
  readonly bodyHead: string;
  readonly bodyTail: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly method: string;
}

/**
 * The 2026-07-28 stateless model: no handshake, no session; every request self-contained, with
 * MCP-Protocol-Version, Mcp-Method and (for tools/call) Mcp-Name headers mirroring the body.
 */
export class StatelessModel implements ProtocolModel {
  readonly name = 'stateless' as const;
  readonly protocolVersion = STATELESS_PROTOCOL_VERSION;
  // Operations are shared immutable objects (see SessionGenerator), so their rendering is cached.
  private readonly rendered = new WeakMap<LogicalOperation, RenderedCall>();

  async runSession(session: LogicalSession, ctx: SessionContext): Promise<SessionOutcome> {
    let cursorMs = ctx.intendedStartMs;
    let firstFailure: string | undefined;
    let rpcId = 1;
    for (const op of session.operations) {
      if (session.thinkTimeMs > 0 && rpcId > 1) {
        await sleep(session.thinkTimeMs, undefined, { signal: ctx.signal }).catch(() => undefined);
        cursorMs += session.thinkTimeMs;
      }
      const r = this.render(op);
      const id = rpcId++;
      const result = await exchange(
        ctx,
        op.kind === 'list-tools' ? 'list' : 'call',
        r.method,
        { method: 'POST', path: MCP_PATH, headers: r.headers, body: r.bodyHead + id + r.bodyTail, timeoutMs: ctx.timeoutMs },
        id,
        'rpc-result',
        cursorMs,
      );
      // Calls are independent: a failed one does not stop the client from making the next.
      if (!result.ok && firstFailure === undefined) firstFailure = result.failure ?? 'unknown';
      cursorMs = result.doneMs;
    }
    if (firstFailure !== undefined) return { kind: 'failed', reason: failureReason(firstFailure) };
    ctx.recorder.timing('session', cursorMs - ctx.intendedStartMs, ctx.measured);
    return { kind: 'ok' };
  }

  private render(op: LogicalOperation): RenderedCall {
    let r = this.rendered.get(op);
    if (r) return r;
    const base = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': STATELESS_PROTOCOL_VERSION,
    };
    if (op.kind === 'list-tools') {
      r = {
        bodyHead: '{"jsonrpc":"2.0","id":',
        bodyTail: `,"method":"tools/list","params":{"_meta":${META}}}`,
        headers: { ...base, 'mcp-method': 'tools/list' },
        method: 'tools/list',
      };
    } else {
      r = {
        bodyHead: '{"jsonrpc":"2.0","id":',
        bodyTail: `,"method":"tools/call","params":{"name":${JSON.stringify(op.tool)},"arguments":${JSON.stringify(op.arguments)},"_meta":${META}}}`,
        headers: { ...base, 'mcp-method': 'tools/call', 'mcp-name': encodeMcpHeaderValue(op.tool) },
        method: 'tools/call',
      };
    }
    this.rendered.set(op, r);
    return r;
  }
}
