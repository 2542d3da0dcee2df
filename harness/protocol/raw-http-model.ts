import { TransportError, type HttpRequest } from '../load/http-client.js';
import { REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import type { ClientSession, OpenResult, OpResult, ProtocolModel, SessionContext } from './protocol-model.js';

/**
 * Not MCP: one fixed `GET /` per operation, body read and dropped. It exists so the benchmark can
 * drive a trivial HTTP target through the same executors, recorder and client as real runs, and
 * compare the generator's cost per request with wrk's and autocannon's on the same target.
 */
export class RawHttpModel implements ProtocolModel {
  readonly name = 'stateless' as const;
  readonly protocolVersion = 'none';
  readonly hasHandshake = false;

  async open(ctx: SessionContext, intendedMs: number): Promise<OpenResult> {
    return { ok: true, session: new RawHttpSession(ctx), doneMs: intendedMs };
  }
}

class RawHttpSession implements ClientSession {
  readonly recovered = false;
  private readonly request: HttpRequest;

  constructor(private readonly ctx: SessionContext) {
    this.request = { method: 'GET', path: '/', headers: {}, timeoutMs: ctx.timeoutMs, discardBody: true, reuse: true };
  }

  async perform(_op: unknown, intendedMs: number): Promise<OpResult> {
    const { ctx } = this;
    const sentMs = performance.now();
    if (ctx.firstSentMs === undefined) ctx.firstSentMs = sentMs;
    let status = 0;
    let replicaId: string | undefined;
    let failure: string | undefined;
    try {
      const res = await ctx.http.send(this.request, ctx.signal);
      status = res.status;
      replicaId = res.header(REPLICA_ID_HEADER);
      if (status < 200 || status > 299) failure = `http-${status}`;
    } catch (e) {
      failure = e instanceof TransportError ? e.errorClass : 'other';
    }
    const doneMs = performance.now();
    ctx.recorder.request({ step: 'call', method: 'GET', replicaId, status, ok: failure === undefined, failure, intendedMs, sentMs, doneMs }, ctx.measured);
    return failure === undefined ? { ok: true, doneMs } : { ok: false, doneMs, reason: failure === 'timeout' ? 'timeout' : 'http-error', broken: false };
  }

  async close(intendedMs: number): Promise<number> {
    return intendedMs;
  }

  abandon(): void {}
}
