import { headerLines, TransportError, type HttpStream } from '../load/http-client.js';
import type { SessionFailureReason } from '../metrics/steps.js';
import { MCP_PATH, REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import type { LogicalOperation } from '../workload/logical-session.js';
import { exchange, failureReason, lostSignal, type ExchangeResult } from './exchange.js';
import { jsonRpcOutcome } from './jsonrpc-response.js';
import { CLIENT_INFO, type ClientSession, type OpenResult, type OpResult, type ProtocolModel, type SessionContext } from './protocol-model.js';

export const LEGACY_PROTOCOL_VERSION = '2025-11-25';
const ACCEPT_BOTH = 'application/json, text/event-stream';
interface RequestShape {
  readonly headers: Readonly<Record<string, string>>;
  readonly lines: string;
}
const shapeOf = (headers: Record<string, string>): RequestShape => ({ headers, lines: headerLines(headers) });

/** How long a deleted session's GET stream may take to end before its connection is closed instead. */
const STREAM_END_GRACE_MS = 1000;
const INITIALIZE_PARAMS = JSON.stringify({ protocolVersion: LEGACY_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });

type Step = { readonly kind: 'ok'; readonly doneMs: number } | { readonly kind: 'lost'; readonly doneMs: number } | { readonly kind: 'failed'; readonly doneMs: number; readonly reason: SessionFailureReason };

export interface LegacyModelOptions {
  /** Hold a GET SSE stream open for the session's life, as the SDK clients do. */
  readonly sseStream: boolean;
}

/**
 * The 2025-11-25 session model: initialize → Mcp-Session-Id → notifications/initialized → GET SSE
 * stream → operations → DELETE. A 404 on a request carrying the session id means the session is gone
 * (spec, transports §Session Management): drop it, re-initialize without the id, retry once.
 */
export class LegacyModel implements ProtocolModel {
  readonly name = 'legacy' as const;
  readonly protocolVersion = LEGACY_PROTOCOL_VERSION;
  readonly hasHandshake = true;
  constructor(private readonly options: LegacyModelOptions) {}

  async open(ctx: SessionContext, intendedMs: number): Promise<OpenResult> {
    const session = new LegacyClientSession(ctx, this.options);
    let step = await session.setup(intendedMs);
    if (step.kind === 'lost') step = await session.recover(step.doneMs);
    if (step.kind === 'failed') {
      session.abandon();
      return { ok: false, reason: step.reason, doneMs: step.doneMs };
    }
    return { ok: true, session, doneMs: step.doneMs };
  }
}

class LegacyClientSession implements ClientSession {
  private sessionId: string | undefined;
  /** This session's POST and DELETE headers, built and written once per session id. */
  private shapes: { readonly id: string; readonly post: RequestShape; readonly del: RequestShape } | undefined;
  private stream: HttpStream | undefined;
  private nextRpcId = 1;
  /** Whether the last setup() got a session id minted (its initialize succeeded), whatever followed. */
  private minted = false;
  recovered = false;

  constructor(
    private readonly ctx: SessionContext,
    private readonly options: LegacyModelOptions,
  ) {}

  async perform(op: LogicalOperation, intendedMs: number): Promise<OpResult> {
    let r = await this.operation(op, intendedMs);
    if (r.kind === 'lost') {
      const rec = await this.recover(r.doneMs);
      if (rec.kind !== 'ok') return { ok: false, doneMs: rec.doneMs, reason: rec.kind === 'failed' ? rec.reason : 'session-lost', broken: true };
      // The retry keeps the original intended time: the user waited through the loss and the re-init.
      r = await this.operation(op, intendedMs);
      if (r.kind === 'lost') return { ok: false, doneMs: r.doneMs, reason: 'session-lost', broken: true };
    }
    return r.kind === 'ok' ? { ok: true, doneMs: r.doneMs } : { ok: false, doneMs: r.doneMs, reason: r.reason, broken: false };
  }

  async close(intendedMs: number): Promise<number> {
    const del = await this.send('delete', 'DELETE', undefined, undefined, intendedMs);
    // A server ends the session's GET stream once it is deleted: let the stream's connection go back
    // to the pool when it does, rather than opening a new TCP connection for the next session.
    if (del.ok) {
      this.stream?.release(STREAM_END_GRACE_MS);
      this.stream = undefined;
    }
    this.abandon();
    return del.doneMs;
  }

  abandon(): void {
    this.sessionId = undefined;
    this.stream?.close();
    this.stream = undefined;
  }

  /** initialize → initialized → (GET stream). */
  async setup(intendedMs: number): Promise<Step> {
    this.sessionId = undefined;
    this.minted = false;
    const id = this.nextRpcId++;
    const init = await this.send('initialize', 'initialize', `{"jsonrpc":"2.0","id":${id},"method":"initialize","params":${INITIALIZE_PARAMS}}`, id, intendedMs);
    if (!init.ok) return { kind: 'failed', doneMs: init.doneMs, reason: init.failure?.startsWith('http-') ? 'initialize-failed' : failureReason(init.failure) };
    this.sessionId = init.response?.header('mcp-session-id');
    if (!this.sessionId) return { kind: 'failed', doneMs: init.doneMs, reason: 'initialize-failed' };
    this.minted = true;
    const note = await this.send('initialized', 'notifications/initialized', '{"jsonrpc":"2.0","method":"notifications/initialized"}', undefined, init.doneMs);
    const noteStep = this.judge(note);
    if (noteStep.kind !== 'ok' || !this.options.sseStream) return noteStep;
    return this.openStream(note.doneMs);
  }

  /**
   * Drops the lost session and starts over without a session id; a second loss ends the session.
   * `reinitialized` counts the re-initializations that minted a new session, also when that new
   * session is lost in turn (the `recovered` session count says which ones completed).
   */
  async recover(intendedMs: number): Promise<Step> {
    this.recovered = true;
    const again = await this.setup(intendedMs);
    if (this.minted) this.ctx.recorder.reinitialized(this.ctx.measured);
    if (again.kind === 'lost') return { kind: 'failed', doneMs: again.doneMs, reason: 'session-lost' };
    return again;
  }

  private async openStream(intendedMs: number): Promise<Step> {
    const { ctx } = this;
    const sentMs = performance.now();
    let status = 0;
    let replicaId: string | undefined;
    let failure: string | undefined;
    let errorBody: string | undefined;
    try {
      const headers = this.headers('text/event-stream', false);
      const cookie = ctx.cookies?.cookieHeader();
      if (cookie !== undefined) headers['cookie'] = cookie;
      const s = await ctx.http.openStream({ method: 'GET', path: MCP_PATH, headers, timeoutMs: ctx.timeoutMs }, ctx.signal);
      ctx.cookies?.store(s.headers['set-cookie']);
      status = s.status;
      replicaId = s.header(REPLICA_ID_HEADER);
      errorBody = s.errorBody;
      // 405 means "this server offers no GET stream"; SDK clients carry on without one.
      if (status === 200) this.stream = s;
      else if (status !== 405) failure = `http-${status}`;
    } catch (e) {
      failure = e instanceof TransportError ? e.errorClass : 'other';
    }
    const doneMs = performance.now();
    ctx.recorder.request({ step: 'sse-open', method: 'GET', replicaId, status, ok: failure === undefined, failure, intendedMs, sentMs, doneMs }, ctx.measured);
    if (status === 404) {
      ctx.recorder.sessionLost(lostSignal(404, jsonRpcOutcome('application/json', errorBody ?? '', undefined)), ctx.measured);
      this.abandon();
      return { kind: 'lost', doneMs };
    }
    if (failure !== undefined) return { kind: 'failed', doneMs, reason: failureReason(failure) };
    return { kind: 'ok', doneMs };
  }

  private async operation(op: LogicalOperation, intendedMs: number): Promise<Step> {
    const id = this.nextRpcId++;
    if (op.kind === 'list-tools') return this.judge(await this.send('list', 'tools/list', `{"jsonrpc":"2.0","id":${id},"method":"tools/list"}`, id, intendedMs));
    // Handles and Tasks are 2026-07-28 flows; the scenario pipeline refuses them with the legacy model.
    if (op.kind !== 'call-tool') throw new Error(`the legacy model has no "${op.kind}" operation`);
    const body = `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(op.tool)},"arguments":${JSON.stringify(op.arguments)}}}`;
    return this.judge(await this.send('call', 'tools/call', body, id, intendedMs));
  }

  private judge(r: ExchangeResult): Step {
    if (r.status === 404) {
      this.ctx.recorder.sessionLost(lostSignal(r.status, r.rpc), this.ctx.measured);
      this.abandon();
      return { kind: 'lost', doneMs: r.doneMs };
    }
    if (!r.ok) return { kind: 'failed', doneMs: r.doneMs, reason: failureReason(r.failure) };
    return { kind: 'ok', doneMs: r.doneMs };
  }

  private headers(accept: string, withBody: boolean): Record<string, string> {
    const h: Record<string, string> = { accept };
    if (withBody) h['content-type'] = 'application/json';
    if (this.sessionId !== undefined) {
      h['mcp-session-id'] = this.sessionId;
      h['mcp-protocol-version'] = LEGACY_PROTOCOL_VERSION;
    }
    return h;
  }

  private send(step: 'initialize' | 'initialized' | 'list' | 'call' | 'delete', method: string, body: string | undefined, rpcId: number | undefined, intendedMs: number): Promise<ExchangeResult> {
    const isDelete = method === 'DELETE';
    const id = this.sessionId;
    let shape: RequestShape;
    if (id === undefined) shape = shapeOf(this.headers(ACCEPT_BOTH, !isDelete));
    else {
      if (this.shapes?.id !== id) this.shapes = { id, post: shapeOf(this.headers(ACCEPT_BOTH, true)), del: shapeOf(this.headers(ACCEPT_BOTH, false)) };
      shape = isDelete ? this.shapes.del : this.shapes.post;
    }
    return exchange(
      this.ctx,
      step,
      method,
      { method: isDelete ? 'DELETE' : 'POST', path: MCP_PATH, headers: shape.headers, headerLines: shape.lines, body, timeoutMs: this.ctx.timeoutMs },
      rpcId,
      isDelete ? 'http-2xx' : rpcId === undefined ? 'notification-accepted' : 'rpc-result',
      intendedMs,
    );
  }
}
