import { setTimeout as sleep } from 'node:timers/promises';
import { headerValue, TransportError, type HttpStream } from '../load/http-client.js';
import type { SessionOutcome } from '../metrics/steps.js';
import { MCP_PATH } from '../servers/replica-contract.js';
import type { LogicalOperation, LogicalSession } from '../workload/logical-session.js';
import { exchange, failureReason, lostSignal, type ExchangeResult } from './exchange.js';
import { jsonRpcOutcome } from './jsonrpc-response.js';
import { CLIENT_INFO, type ProtocolModel, type SessionContext } from './protocol-model.js';

export const LEGACY_PROTOCOL_VERSION = '2025-11-25';
const ACCEPT_BOTH = 'application/json, text/event-stream';
const INITIALIZE_PARAMS = JSON.stringify({ protocolVersion: LEGACY_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });

type StepResult =
  | { readonly kind: 'ok'; readonly doneMs: number }
  | { readonly kind: 'lost'; readonly doneMs: number }
  | { readonly kind: 'failed'; readonly outcome: SessionOutcome };

export interface LegacyModelOptions {
  /** Hold a GET SSE stream open for the session's life, as the SDK clients do. */
  readonly sseStream: boolean;
}

/**
 * The 2025-11-25 session model: initialize → Mcp-Session-Id → notifications/initialized → GET SSE
 * stream → K tools/call → DELETE. A 404 on a request carrying the session id means the session is
 * gone (spec, transports §Session Management): drop it, re-initialize without the id, retry once.
 */
export class LegacyModel implements ProtocolModel {
  readonly name = 'legacy' as const;
  readonly protocolVersion = LEGACY_PROTOCOL_VERSION;
  constructor(private readonly options: LegacyModelOptions) {}

  runSession(session: LogicalSession, ctx: SessionContext): Promise<SessionOutcome> {
    return new LegacySessionRun(ctx, this.options).run(session);
  }
}

class LegacySessionRun {
  private sessionId: string | undefined;
  private stream: HttpStream | undefined;
  private nextRpcId = 1;
  private everLost = false;

  constructor(
    private readonly ctx: SessionContext,
    private readonly options: LegacyModelOptions,
  ) {}

  async run(session: LogicalSession): Promise<SessionOutcome> {
    const { ctx } = this;
    try {
      let step = await this.setup(ctx.intendedStartMs);
      if (step.kind === 'lost') step = await this.recover(step.doneMs);
      if (step.kind === 'failed') return step.outcome;
      ctx.recorder.timing('session-setup', step.doneMs - ctx.intendedStartMs, ctx.measured);
      let cursorMs = step.doneMs;
      for (const op of session.operations) {
        if (session.thinkTimeMs > 0) {
          await sleep(session.thinkTimeMs, undefined, { signal: ctx.signal }).catch(() => undefined);
          cursorMs += session.thinkTimeMs;
        }
        let r = await this.operation(op, cursorMs);
        if (r.kind === 'lost') {
          const rec = await this.recover(r.doneMs);
          if (rec.kind !== 'ok') return rec.kind === 'failed' ? rec.outcome : { kind: 'failed', reason: 'session-lost' };
          // The retry keeps the original intended time: the user waited through the loss and re-init.
          r = await this.operation(op, cursorMs);
          if (r.kind === 'lost') return this.giveUp();
        }
        if (r.kind === 'failed') return r.outcome;
        cursorMs = r.doneMs;
      }
      const del = await this.send('delete', 'DELETE', undefined, undefined, cursorMs);
      ctx.recorder.timing('session', del.doneMs - ctx.intendedStartMs, ctx.measured);
      return this.everLost ? { kind: 'recovered' } : { kind: 'ok' };
    } finally {
      this.stream?.close();
    }
  }

  /** initialize → initialized → (GET stream). */
  private async setup(intendedMs: number): Promise<StepResult> {
    this.sessionId = undefined;
    const id = this.nextRpcId++;
    const body = `{"jsonrpc":"2.0","id":${id},"method":"initialize","params":${INITIALIZE_PARAMS}}`;
    const init = await this.send('initialize', 'initialize', body, id, intendedMs);
    if (!init.ok) return { kind: 'failed', outcome: { kind: 'failed', reason: init.failure?.startsWith('http-') ? 'initialize-failed' : failureReason(init.failure) } };
    this.sessionId = headerValue(init.headers, 'mcp-session-id');
    if (!this.sessionId) return { kind: 'failed', outcome: { kind: 'failed', reason: 'initialize-failed' } };
    const note = await this.send('initialized', 'notifications/initialized', '{"jsonrpc":"2.0","method":"notifications/initialized"}', undefined, init.doneMs);
    const noteStep = this.judge(note);
    if (noteStep.kind !== 'ok' || !this.options.sseStream) return noteStep;
    return this.openStream(note.doneMs);
  }

  private async openStream(intendedMs: number): Promise<StepResult> {
    const { ctx } = this;
    const sentMs = performance.now();
    let status = 0;
    let replicaId: string | undefined;
    let failure: string | undefined;
    let errorBody: string | undefined;
    try {
      const s = await ctx.http.openStream({ method: 'GET', path: MCP_PATH, headers: this.headers('text/event-stream'), timeoutMs: ctx.timeoutMs }, ctx.signal);
      status = s.status;
      replicaId = headerValue(s.headers, 'x-replica-id');
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
      this.drop();
      return { kind: 'lost', doneMs };
    }
    if (failure !== undefined) return { kind: 'failed', outcome: { kind: 'failed', reason: failureReason(failure) } };
    return { kind: 'ok', doneMs };
  }

  private async operation(op: LogicalOperation, intendedMs: number): Promise<StepResult> {
    const id = this.nextRpcId++;
    if (op.kind === 'list-tools') {
      return this.judge(await this.send('list', 'tools/list', `{"jsonrpc":"2.0","id":${id},"method":"tools/list"}`, id, intendedMs));
    }
    const body = `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(op.tool)},"arguments":${JSON.stringify(op.arguments)}}}`;
    return this.judge(await this.send('call', 'tools/call', body, id, intendedMs));
  }

  /** Drops the lost session and starts over without a session id; a second loss ends the session. */
  private async recover(intendedMs: number): Promise<StepResult> {
    this.everLost = true;
    const again = await this.setup(intendedMs);
    if (again.kind === 'ok') {
      this.ctx.recorder.reinitialized(this.ctx.measured);
      return again;
    }
    if (again.kind === 'lost') return { kind: 'failed', outcome: { kind: 'failed', reason: 'session-lost' } };
    return again;
  }

  private giveUp(): SessionOutcome {
    return { kind: 'failed', reason: 'session-lost' };
  }

  private judge(r: ExchangeResult): StepResult {
    if (r.status === 404) {
      this.ctx.recorder.sessionLost(lostSignal(r.status, r.rpc), this.ctx.measured);
      this.drop();
      return { kind: 'lost', doneMs: r.doneMs };
    }
    if (!r.ok) return { kind: 'failed', outcome: { kind: 'failed', reason: failureReason(r.failure) } };
    return { kind: 'ok', doneMs: r.doneMs };
  }

  private drop(): void {
    this.sessionId = undefined;
    this.stream?.close();
    this.stream = undefined;
  }

  private headers(accept: string, withBody = false): Record<string, string> {
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
    return exchange(
      this.ctx,
      step,
      method,
      { method: isDelete ? 'DELETE' : 'POST', path: MCP_PATH, headers: this.headers(ACCEPT_BOTH, !isDelete), body, timeoutMs: this.ctx.timeoutMs },
      rpcId,
      isDelete ? 'http-2xx' : rpcId === undefined ? 'notification-accepted' : 'rpc-result',
      intendedMs,
    );
  }
}
