import http from 'node:http';
import type { Socket } from 'node:net';
import { errorCode } from '../errors/harness-error.js';
import { REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import { LB_ERROR_HEADER, LB_HEALTH_PATH, LB_STATS_PATH, type BalancerCounts } from './balancer.js';
import { forwardableRawHeaders, hasContentLength } from './hop-by-hop-headers.js';
import { BODY_ABORTED, BODY_TOO_LARGE, parseJsonBody, readBody } from './read-body.js';
import type { RequestView, RoutingPolicy } from './routing-policy.js';

/**
 * The built-in balancer's request path: pick a replica, stream the request to it and its response
 * back, byte for byte and as the bytes come (SSE must not wait for the end of a response). A client
 * that goes away cancels the upstream exchange, an upstream that breaks breaks the client's; when no
 * replica answers at all the balancer replies 502 itself, with `x-lb-error` and no X-Replica-Id.
 * This path runs for every proxied request: no logging, and no body parsing unless the policy routes
 * by body (route-by-body) or retries must be able to resend it.
 */
export interface ProxyBackend {
  readonly host: string;
  readonly port: number;
  /** The replica id; needed when the balancer attributes answers (`attribute`). */
  readonly id?: string;
}

export interface BuiltinProxyOptions {
  /** A replica that does not accept a new connection within this time counts as down (502 ETIMEDOUT). */
  readonly connectTimeoutMs: number;
  /** Idle client keep-alive connections are closed after this long (HAProxy's `timeout http-keep-alive`). */
  readonly clientKeepAliveTimeoutMs: number;
  /** Extra attempts after a failed connection (never once a request reached a replica). */
  readonly retries?: number;
  /** The last retry goes to another replica (HAProxy's `option redispatch`); otherwise to the same one. */
  readonly redispatch?: boolean;
  /** Bodies are buffered only for route-by-body and retries; larger ones get 413, like the replicas' limit. */
  readonly maxBodyBytes?: number;
  /**
   * The replicas do not name themselves or count (your own server): the balancer sets X-Replica-Id to
   * the replica's id on every answer it forwards and counts them by replica, HTTP verb and status,
   * served as JSON (BalancerCounts) at LB_STATS_PATH.
   */
  readonly attribute?: boolean;
}

export const DEFAULT_BUILTIN_PROXY_OPTIONS: BuiltinProxyOptions = { connectTimeoutMs: 5_000, clientKeepAliveTimeoutMs: 60_000 };
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Errors that mean no connection was made, so nothing reached the replica and a retry is safe. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

const HEALTH_BODY = 'ok\n';
const HEALTH_HEADERS = ['content-type', 'text/plain; charset=utf-8', 'content-length', String(HEALTH_BODY.length)];

export interface BuiltinProxy {
  readonly server: http.Server;
  /** Closes the listener, every client connection (open SSE streams included) and every upstream one. */
  close(): Promise<void>;
}

export function createBuiltinProxy(backends: readonly ProxyBackend[], policy: RoutingPolicy, options: BuiltinProxyOptions = DEFAULT_BUILTIN_PROXY_OPTIONS): BuiltinProxy {
  if (backends.length === 0) throw new RangeError('the built-in balancer needs at least one backend');
  // Unbounded sockets per replica: an open SSE stream holds one for the whole session.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, scheduling: 'lifo' });
  const connectTimeoutMs = options.connectTimeoutMs;
  const retries = options.retries ?? 0;
  const redispatch = options.redispatch ?? false;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const buffered = policy.needsBody === true || retries > 0;

  function armConnectTimeout(socket: Socket): void {
    if (!socket.connecting) return;
    const onTimeout = (): void => {
      socket.destroy(Object.assign(new Error(`connect timeout after ${connectTimeoutMs} ms`), { code: 'ETIMEDOUT' }));
    };
    socket.setTimeout(connectTimeoutMs, onTimeout);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('timeout', onTimeout);
    });
  }

  // replica id -> HTTP verb -> status -> answers forwarded (attribute only).
  const counted: Record<string, Record<string, Record<string, number>>> = {};
  const attribute = options.attribute === true;
  const countAnswer = (backend: ProxyBackend, method: string | undefined, status: number): void => {
    const byVerb = (counted[backend.id ?? `${backend.host}:${backend.port}`] ??= {});
    const byStatus = (byVerb[method ?? 'UNKNOWN'] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  };

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url === LB_HEALTH_PATH) {
      res.writeHead(200, HEALTH_HEADERS);
      res.end(HEALTH_BODY);
      return;
    }
    if (attribute && req.url === LB_STATS_PATH) {
      const counts: BalancerCounts = { byReplica: counted, granularity: 'verb-status', source: 'built-in balancer (answers by replica, HTTP verb and status)' };
      const text = JSON.stringify(counts);
      res.writeHead(200, ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text))]);
      res.end(text);
      return;
    }
    if (!buffered) {
      forward(req, res, req, undefined, 0, policy.pick(req));
      return;
    }
    void readBody(req, maxBodyBytes).then((body) => {
      if (body === BODY_ABORTED) return;
      if (body === BODY_TOO_LARGE) {
        res.shouldKeepAlive = false;
        replyError(res, 413, 'EBODYTOOLARGE', `request body over ${maxBodyBytes} bytes`);
        req.resume();
        return;
      }
      const view: RequestView = policy.needsBody ? { method: req.method, rawHeaders: req.rawHeaders, socket: req.socket, bodyJson: parseJsonBody(body) } : req;
      forward(req, res, view, body, 0, policy.pick(view));
    });
  }

  /** One attempt at one replica; `body` is the buffered body (undefined: stream the client's). */
  function forward(req: http.IncomingMessage, res: http.ServerResponse, view: RequestView, body: Buffer | undefined, attempt: number, index: number): void {
    const backend = backends[index]!;
    let upstream: http.ClientRequest;
    try {
      upstream = http.request({
        host: backend.host,
        port: backend.port,
        method: req.method,
        path: req.url,
        // A raw list keeps the client's header order and case; Node then adds nothing but framing.
        headers: forwardableRawHeaders(req.rawHeaders),
        agent,
      });
    } catch (e) {
      // Node refuses some request targets the server side accepted (e.g. raw non-ASCII characters).
      replyError(res, 400, errorCode(e) ?? 'EINVALID', 'cannot forward this request target');
      req.resume();
      return;
    }
    policy.acquire?.(index);
    upstream.once('close', () => policy.release?.(index));
    let connected = false;
    upstream.once('socket', (socket: Socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
      armConnectTimeout(socket);
    });
    upstream.once('response', (upRes) => {
      policy.onResponse?.(view, index, upRes);
      const status = upRes.statusCode ?? 502;
      let headers = forwardableRawHeaders(upRes.rawHeaders);
      const extra = policy.responseHeaders?.(view, index);
      if (extra) headers.push(...extra);
      if (attribute) {
        headers = withoutHeader(headers, REPLICA_ID_HEADER);
        headers.push(REPLICA_ID_HEADER, backend.id ?? `${backend.host}:${backend.port}`);
        countAnswer(backend, req.method, status);
      }
      // Forwarded as received: the replica's Date (or its absence) is part of what it answered.
      res.sendDate = false;
      res.writeHead(status, upRes.statusMessage, headers);
      upRes.once('close', () => {
        if (!upRes.complete) res.destroy();
      });
      if (isStream(req.method, status, upRes.rawHeaders)) process.nextTick(startStreaming, upRes, res);
      else upRes.pipe(res);
    });
    upstream.on('error', (err) => {
      if (body === undefined) req.unpipe(upstream);
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const code = errorCode(err) ?? 'EUPSTREAM';
      if (!connected && attempt < retries && CONNECT_FAILURES.has(code)) {
        // HAProxy's rule: retries go to the same replica; with redispatch the last one goes elsewhere.
        const isLast = attempt + 1 === retries;
        const next = redispatch && isLast ? (policy.redispatch?.(view, index) ?? (index + 1) % backends.length) : index;
        forward(req, res, view, body, attempt + 1, next);
        return;
      }
      replyError(res, 502, code, 'no answer from the replica');
    });
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body === undefined) req.pipe(upstream);
    else upstream.end(body);
  }

  const server = http.createServer({ requestTimeout: 0, noDelay: true }, handle);
  server.keepAliveTimeout = options.clientKeepAliveTimeoutMs;
  let closing: Promise<void> | undefined;
  return {
    server,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      })),
  };
}

/** A raw header list (name, value, name, value...) without one header, whatever its case. */
function withoutHeader(raw: string[], lowerName: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() !== lowerName) out.push(raw[i]!, raw[i + 1]!);
  return out;
}

/** A response without a length whose head must reach the client now, before any body exists. */
function isStream(method: string | undefined, status: number, rawHeaders: readonly string[]): boolean {
  return method !== 'HEAD' && status !== 204 && status !== 304 && !hasContentLength(rawHeaders);
}

/**
 * Runs one tick after the response head arrived, once the parser has pushed whatever body bytes came
 * in the same read: if there are none (an SSE stream that has not said anything yet), the head goes
 * out alone; otherwise it leaves with the first chunk, in one write.
 */
function startStreaming(upRes: http.IncomingMessage, res: http.ServerResponse): void {
  if (upRes.readableLength === 0 && !res.destroyed) res.flushHeaders();
  upRes.pipe(res);
}

function replyError(res: http.ServerResponse, status: number, code: string, what: string): void {
  const body = `balancer: ${what} (${code})\n`;
  res.writeHead(status, ['content-type', 'text/plain; charset=utf-8', 'content-length', String(Buffer.byteLength(body)), LB_ERROR_HEADER, code]);
  res.end(body);
}
