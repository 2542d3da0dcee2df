import { errorCode } from '../errors/harness-error.js';

/**
 * The generator's view of HTTP: one request, one complete answer (or one classified failure), plus
 * long-lived streams (the legacy GET SSE stream) that resolve once headers arrive and stay open.
 */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** `headers` already written as `name: value\r\n` lines, for a request shape sent again and again. */
  readonly headerLines?: string;
  readonly body?: string;
  /** No complete answer within this time ⇒ the request fails with class "timeout". */
  readonly timeoutMs: number;
  /** Read and drop the body (benchmarks of plain HTTP targets); `body` is then empty. */
  readonly discardBody?: boolean;
  /** The same object will be sent many times unchanged: the client may encode it once and keep the bytes. */
  readonly reuse?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names (built on first use: prefer header()). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** One header's (first) value by lower-case name. */
  header(name: string): string | undefined;
  readonly body: string;
}

export interface HttpStream {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  header(name: string): string | undefined;
  /** For a non-2xx answer, its (short) body, read in full; undefined for an open stream. */
  readonly errorBody: string | undefined;
  /** Settles when the server ends the stream or it is closed; never rejects. */
  readonly ended: Promise<void>;
  /** Closes our side at once (idempotent). */
  close(): void;
  /**
   * Done with the stream, but the server is about to end it (e.g. after the session's DELETE): its
   * connection goes back to the pool if it does, and is closed if it has not ended within `graceMs`.
   */
  release(graceMs: number): void;
}

/** Failure classes, from error codes and never from message text. */
export type TransportErrorClass = 'timeout' | 'connection-refused' | 'connection-reset' | 'socket' | 'aborted' | 'other';

export class TransportError extends Error {
  readonly errorClass: TransportErrorClass;
  readonly code: string | undefined;
  constructor(errorClass: TransportErrorClass, code: string | undefined, cause: unknown) {
    super(`${errorClass}${code ? ` (${code})` : ''}`, { cause });
    this.name = 'TransportError';
    this.errorClass = errorClass;
    this.code = code;
  }
}

export function classifyTransportError(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const code = errorCode(e) ?? (e instanceof Error && e.name === 'TimeoutError' ? 'ETIMEDOUT' : undefined);
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new TransportError('timeout', code, e);
    case 'ECONNREFUSED':
      return new TransportError('connection-refused', code, e);
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('connection-reset', code, e);
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new TransportError('socket', code, e);
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return new TransportError('aborted', code, e);
    default:
      if (e instanceof Error && e.name === 'AbortError') return new TransportError('aborted', code, e);
      return new TransportError('other', code, e);
  }
}

export interface HttpClient {
  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
  openStream(request: HttpRequest, signal?: AbortSignal): Promise<HttpStream>;
  close(): Promise<void>;
}

export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A header set written as request lines (`name: value\r\n` each), once, for HttpRequest.headerLines. */
export function headerLines(headers: Readonly<Record<string, string>>): string {
  let lines = '';
  for (const name in headers) lines += `${name}: ${headers[name]}\r\n`;
  return lines;
}
