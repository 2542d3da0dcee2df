import { headerLines, TransportError, type HttpStream } from '../load/http-client.js';
import type { SessionFailureReason } from '../metrics/steps.js';
import { MCP_PATH, REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import type { LogicalOperation } from '../workload/logical-session.js';
import { exchange, failureReason, lostSignal, type ExchangeResult } from './exchange.js';
import { jsonRpcOutcome } from './jsonrpc-response.js';
import { CLIENT_INFO, type ClientSession, type OpenResult, type OpResult, type ProtocolModel, type SessionContext } from './protocol-model.js';
import type { ClientProfileName } from '../config/resolved-scenario.js';
import { isLostSession, SPEC_LOST_SESSION, type LostSessionSignal } from './lost-session.js';

export const LEGACY_PROTOCOL_VERSION = '2025-11-25';
const ACCEPT_BOTH = 'application/json, text/event-stream';
// A DELETE expects no body: the SDK's terminateSession() (fetch) sends the default Accept.
const ACCEPT_ANY = '*/*';
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
  /** `spec` (default) or `sdk`: see below. */
  readonly profile?: ClientProfileName | undefined;
  /** What this target answers for a session it does not know (404 always counts); default the spec's 404. */
  readonly lostSession?: LostSessionSignal | undefined;
}

/**
 * The 2025-11-25 session model: initialize → Mcp-Session-Id → notifications/initialized → GET SSE
 * stream → operations → DELETE. A 404 (or the target's own lost-session answer) on a request carrying
 * the session id means the session is gone (spec, transports §Session Management). Two client profiles:
 * - `spec`: drop the session, re-initialize without the id, retry once; wait for the GET stream before
 *   the first operation; end with DELETE.
 * - `sdk`, what the official TypeScript clients do (v1 client/streamableHttp.js): no re-initialize —
 *   the call fails and the next one carries the same id; a lost `initialized` fails connect(); the GET
 *   stream is opened without waiting (setup ends at the 202); close() aborts, without DELETE, so the
 *   session stays on the replica until its idle timeout.
 */
export class LegacyModel implements ProtocolModel {
  readonly name = 'legacy' as const;
  readonly protocolVersion = LEGACY_PROTOCOL_VERSION;
  readonly hasHandshake = true;
  constructor(private readonly options: LegacyModelOptions) {}

  async open(ctx: SessionContext, intendedMs: number): Promise<OpenResult> {
    const session = new LegacyClientSession(ctx, this.options);
    let step = await session.setup(intendedMs);
    // The SDK's connect() fails when initialized is answered with a lost session; the spec client starts over.
    if (step.kind === 'lost') step = this.options.profile === 'sdk' ? { kind: 'failed', doneMs: step.doneMs, reason: 'session-lost' } : await session.recover(step.doneMs);
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
  /** Set once the session is closed or abandoned: a GET stream answered after that is closed at once. */
  private ended = false;
  private readonly sdk: boolean;
  private readonly lostSession: LostSessionSignal;
  recovered = false;

  constructor(
    private readonly ctx: SessionContext,
    private readonly options: LegacyModelOptions,
  ) {
    this.sdk = options.profile === 'sdk';
    this.lostSession = options.lostSession ?? SPEC_LOST_SESSION;
  }

  async perform(op: LogicalOperation, intendedMs: number): Promise<OpResult> {
    let r = await this.operation(op, intendedMs);
    // The SDK client rethrows (StreamableHTTPError) and keeps its session id: the next call is lost too.
    if (r.kind === 'lost' && this.sdk) return { ok: false, doneMs: r.doneMs, reason: 'session-lost', broken: false };
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
    if (this.sdk) {
      // The SDK's close() aborts its requests and GET stream; no DELETE (terminateSession() is separate):
      // the session stays on its replica until the server's idle timeout, if it has one.
      if (this.sessionId !== undefined) this.ctx.recorder.flow('sessions.leftOpen', this.ctx.measured);
      this.abandon();
      return intendedMs;
    }
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
    this.ended = true;
    this.sessionId = undefined;
    this.stream?.close();
    this.stream = undefined;
  }

  /** initialize → initialized → (GET stream). */
  async setup(intendedMs: number): Promise<Step> {
    this.sessionId = undefined;
    this.minted = false;
    this.ended = false;
    const id = this.nextRpcId++;
    const init = await this.send('initialize', 'initialize', `{"jsonrpc":"2.0","id":${id},"method":"initialize","params":${INITIALIZE_PARAMS}}`, id, intendedMs);
    if (!init.ok) return { kind: 'failed', doneMs: init.doneMs, reason: init.failure?.startsWith('http-') ? 'initialize-failed' : failureReason(init.failure) };
    this.sessionId = init.response?.header('mcp-session-id');
    if (!this.sessionId) return { kind: 'failed', doneMs: init.doneMs, reason: 'initialize-failed' };
    this.minted = true;
    const note = await this.send('initialized', 'notifications/initialized', '{"jsonrpc":"2.0","method":"notifications/initialized"}', undefined, init.doneMs);
    const noteStep = this.judge(note);
    if (noteStep.kind !== 'ok' || !this.options.sseStream) return noteStep;
    if (!this.sdk) return this.openStream(note.doneMs);
    // The SDK starts the GET on the 202 and does not wait for it: setup ends here, whatever the GET gets.
    void this.openStream(note.doneMs);
    return noteStep;
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
      if (status === 200 && this.ended) s.close();
      else if (status === 200) this.stream = s;
      else if (status !== 405) failure = `http-${status}`;
    } catch (e) {
      failure = e instanceof TransportError ? e.errorClass : 'other';
    }
    const doneMs = performance.now();
    ctx.recorder.request({ step: 'sse-open', method: 'GET', replicaId, status, ok: failure === undefined, failure, intendedMs, sentMs, doneMs }, ctx.measured);
    const rpc = status === 0 || status === 200 ? undefined : jsonRpcOutcome('application/json', errorBody ?? '', undefined);
    if (rpc !== undefined && isLostSession(this.lostSession, status, rpc)) {
      ctx.recorder.sessionLost(lostSignal(status, rpc), ctx.measured);
      // The SDK only reports a failed GET (onerror) and carries on with the session.
      if (this.sdk) return { kind: 'ok', doneMs };
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
    if (r.status !== 0 && isLostSession(this.lostSession, r.status, r.rpc)) {
      this.ctx.recorder.sessionLost(lostSignal(r.status, r.rpc), this.ctx.measured);
      // The SDK client keeps its session id (and its GET stream) after a lost-session answer.
      if (!this.sdk) this.abandon();
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
      if (this.shapes?.id !== id) this.shapes = { id, post: shapeOf(this.headers(ACCEPT_BOTH, true)), del: shapeOf(this.headers(ACCEPT_ANY, false)) };
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
