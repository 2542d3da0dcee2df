import { TransportError, type HttpRequest, type HttpResponse } from '../load/http-client.js';
import type { RequestStep, SessionFailureReason } from '../metrics/steps.js';
import { REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import { classifyStateFailure } from '../servers/state-contract.js';
import { jsonRpcOutcome, type JsonRpcOutcome } from './jsonrpc-response.js';
import type { SessionContext } from './protocol-model.js';

export interface ExchangeResult {
  /** HTTP status, 0 when there was no answer. */
  readonly status: number;
  /** The answer, when there was one (its headers: `response.header(name)`). */
  readonly response: HttpResponse | undefined;
  readonly rpc: JsonRpcOutcome;
  readonly ok: boolean;
  readonly failure: string | undefined;
  readonly doneMs: number;
}

const NO_RPC: JsonRpcOutcome = { kind: 'none' };

/** What counts as success for one kind of exchange. */
export type Expectation = 'rpc-result' | 'notification-accepted' | 'http-2xx';

/**
 * State failures the reference servers signal (state-contract.ts): by JSON-RPC code and `data.reason`,
 * or by a tool error's machine-readable `structuredContent.error.code` — never by message text.
 */
function stateFailure(status: number, rpc: JsonRpcOutcome): string | undefined {
  const reason =
    rpc.kind === 'error'
      ? classifyStateFailure(status, { error: { code: rpc.code, data: rpc.data } })
      : rpc.kind === 'result'
        ? classifyStateFailure(status, { result: rpc.result })
        : undefined;
  return reason === undefined ? undefined : reason.replace(/_/g, '-');
}

function judge(expect: Expectation, status: number, rpc: JsonRpcOutcome): string | undefined {
  switch (expect) {
    case 'rpc-result':
      if (status !== 200) return `http-${status}`;
      if (rpc.kind === 'error') return stateFailure(status, rpc) ?? `jsonrpc${rpc.code}`;
      if (rpc.kind === 'none') return 'no-response';
      if (rpc.kind === 'invalid') return 'invalid-body';
      return rpc.result['isError'] === true ? (stateFailure(status, rpc) ?? 'tool-error') : undefined;
    case 'notification-accepted':
      return status === 202 || status === 200 ? undefined : `http-${status}`;
    case 'http-2xx':
      return status >= 200 && status < 300 ? undefined : `http-${status}`;
  }
}

/**
 * Sends one request, parses the JSON-RPC answer (JSON or SSE), judges it and records the sample.
 * Never throws for request failures: they are results, classified by error code and status.
 */
export async function exchange(
  ctx: SessionContext,
  step: RequestStep,
  method: string,
  request: HttpRequest,
  rpcId: number | undefined,
  expect: Expectation,
  intendedMs: number,
): Promise<ExchangeResult> {
  const jar = ctx.cookies;
  const cookie = jar?.cookieHeader();
  if (cookie !== undefined) request = { ...request, headers: { ...request.headers, cookie }, headerLines: undefined };
  const sentMs = performance.now();
  if (ctx.firstSentMs === undefined) ctx.firstSentMs = sentMs;
  let status = 0;
  let response: HttpResponse | undefined;
  let rpc: JsonRpcOutcome = NO_RPC;
  let failure: string | undefined;
  try {
    response = await ctx.http.send(request, ctx.signal);
    status = response.status;
    if (jar) jar.store(response.headers['set-cookie']);
    rpc = jsonRpcOutcome(response.header('content-type'), response.body, rpcId);
    failure = judge(expect, status, rpc);
  } catch (e) {
    failure = e instanceof TransportError ? e.errorClass : 'other';
  }
  const doneMs = performance.now();
  const replicaId = response?.header(REPLICA_ID_HEADER);
  ctx.recorder.request({ step, method, replicaId, status, ok: failure === undefined, failure, intendedMs, sentMs, doneMs }, ctx.measured);
  return { status, response, rpc, ok: failure === undefined, failure, doneMs };
}

/** Maps a request failure to the reason its session failed. */
export function failureReason(failure: string | undefined): SessionFailureReason {
  if (failure === undefined) return 'http-error';
  if (failure === 'timeout') return 'timeout';
  if (failure === 'aborted') return 'aborted';
  if (failure.startsWith('http-')) return 'http-error';
  if (failure.startsWith('jsonrpc')) return 'jsonrpc-error';
  if (failure === 'tool-error') return 'tool-error';
  if (failure === 'handle-not-found' || failure === 'task-not-found' || failure === 'store-unavailable' || failure === 'task-timeout') return failure;
  if (failure === 'no-response' || failure === 'invalid-body') return 'http-error';
  return 'transport-error';
}

/** The lost-session signal a target used, e.g. "404/-32001" or "404/no-body", for the report. */
export function lostSignal(status: number, rpc: JsonRpcOutcome): string {
  return `${status}/${rpc.kind === 'error' ? rpc.code : 'no-body'}`;
}
