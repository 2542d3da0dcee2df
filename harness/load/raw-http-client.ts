import { TransportError, type HttpClient, type HttpRequest, type HttpResponse, type HttpStream } from './http-client.js';
import { Connection, serialize, type ConnectionOwner, type Mode, type Pending } from './raw-http/connection.js';
import type { ResponseHead } from './raw-http/response-parser.js';

export interface RawHttpClientOptions {
  readonly host: string;
  readonly port: number;
  readonly maxConnections: number;
  /** Local address to connect from (client-IP affinity tests spread sessions over 127.0.0.x). */
  readonly localAddress?: string | undefined;
  /** Idle keep-alive connections are closed after this, before any server-side keep-alive timeout can race a new request. */
  readonly idleTimeoutMs?: number;
}

/** Deadlines closer together than this are checked in one wake: a timeout fires at most this late. */
const SWEEP_SLACK_MS = 20;

/**
 * The generator's HTTP/1.1 client on plain sockets: keep-alive connections, one request at a time
 * per connection (no pipelining), a FIFO queue when all are busy, one sweeper timer armed for the
 * earliest deadline (request timeouts, released streams, idle connections; none when there is none),
 * one abort listener per signal (not per request). Built for the per-request cost of the
 * load engine's hot path; undici's Pool costs more CPU per request (see bench/).
 */
export class RawHttpClient implements HttpClient, ConnectionOwner {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly queue: Pending[] = [];
  private readonly hostHeader: string;
  private sweeper: NodeJS.Timeout | undefined;
  private sweepAtMs = Infinity;
  private readonly hookedSignals = new WeakSet<AbortSignal>();
  // A request object sent again and again (a benchmark's fixed GET) is encoded once.
  private readonly encoded = new WeakMap<HttpRequest, Buffer>();
  private closed = false;

  constructor(private readonly options: RawHttpClientOptions) {
    this.hostHeader = `${options.host}:${options.port}`;
  }

  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    return this.enqueue(request, request.discardBody ? 'discard' : 'buffer', signal) as Promise<HttpResponse>;
  }

  async openStream(request: HttpRequest, signal?: AbortSignal): Promise<HttpStream> {
    let onEnd: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      onEnd = resolve;
    });
    let pending: Pending | undefined;
    const head = (await this.enqueue(request, 'stream', signal, (p) => {
      pending = p;
      p.onStreamEnd = onEnd;
    })) as ResponseHead;
    const p = pending as Pending;
    const connection = p.connection;
    if (head.status < 200 || head.status > 299) {
      // Error answers are short: read them whole so the caller can classify them.
      const errorBody = await this.drainErrorBody(p, ended);
      return { status: head.status, get headers() { return head.headers; }, header: (n) => head.header(n), errorBody, ended: Promise.resolve(), close: () => undefined, release: () => undefined };
    }
    // Only while this stream is still what its connection carries: once it ended, the connection may serve someone else.
    const open = (): boolean => connection !== undefined && connection.current === p;
    return {
      status: head.status,
      get headers() {
        return head.headers;
      },
      header: (n) => head.header(n),
      errorBody: undefined,
      ended,
      close: () => {
        if (open()) connection?.destroy();
      },
      release: (graceMs) => {
        if (!open()) return;
        p.releaseByMs = performance.now() + graceMs;
        this.wakeSweeper();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.sweeper);
    for (const p of this.queue.splice(0)) p.reject(new TransportError('aborted', 'UND_ERR_CLOSED', new Error('client closed')));
    const sockets = [...this.all].map((c) => c.socket);
    for (const c of [...this.all]) c.destroy();
    await Promise.all(sockets.map((s) => (s.closed ? undefined : new Promise((r) => s.once('close', r)))));
  }

  /** A connection finished its response and can take the next request. */
  release(c: Connection): void {
    const next = this.queue.shift();
    if (next) {
      c.start(next);
      return;
    }
    c.idleSinceMs = performance.now();
    this.idle.push(c);
    this.wakeSweeper(c.idleSinceMs + this.idleLimitMs);
  }

  forget(c: Connection): void {
    this.all.delete(c);
    const i = this.idle.indexOf(c);
    if (i !== -1) this.idle.splice(i, 1);
    // A slot opened up: start a queued request on a fresh connection.
    if (this.queue.length > 0 && !this.closed && this.all.size < this.options.maxConnections) this.connectAndStart(this.queue.shift() as Pending);
  }

  private enqueue(request: HttpRequest, mode: Mode, signal: AbortSignal | undefined, register?: (p: Pending) => void): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new TransportError('aborted', 'UND_ERR_ABORTED', signal.reason));
    if (this.closed) return Promise.reject(new TransportError('aborted', 'UND_ERR_CLOSED', new Error('client closed')));
    if (signal && !this.hookedSignals.has(signal)) {
      this.hookedSignals.add(signal);
      signal.addEventListener('abort', () => this.abortSignal(signal), { once: true });
    }
    return new Promise((resolve, reject) => {
      let wire: string | Buffer;
      if (request.reuse) {
        let b = this.encoded.get(request);
        if (!b) this.encoded.set(request, (b = Buffer.from(serialize(request, this.hostHeader), 'utf8')));
        wire = b;
      } else wire = serialize(request, this.hostHeader);
      const p: Pending = {
        wire,
        mode,
        collect: mode === 'buffer',
        noBody: false,
        signal,
        deadlineMs: performance.now() + request.timeoutMs,
        head: undefined,
        chunks: [],
        connection: undefined,
        resolve,
        reject,
      };
      register?.(p);
      this.wakeSweeper(p.deadlineMs);
      const c = this.idle.pop();
      if (c) c.start(p);
      else if (this.all.size < this.options.maxConnections) this.connectAndStart(p);
      else this.queue.push(p);
    });
  }

  private connectAndStart(p: Pending): void {
    const c = new Connection(this, this.options);
    this.all.add(c);
    c.start(p);
  }

  private async drainErrorBody(p: Pending, ended: Promise<void>): Promise<string> {
    await ended;
    return Buffer.concat(p.chunks).toString('utf8');
  }

  private abortSignal(signal: AbortSignal): void {
    const reason = new TransportError('aborted', 'UND_ERR_ABORTED', signal.reason);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const p = this.queue[i] as Pending;
      if (p.signal === signal) {
        this.queue.splice(i, 1);
        p.reject(reason);
      }
    }
    for (const c of [...this.all]) if (c.current?.signal === signal) c.fail(reason);
  }

  private get idleLimitMs(): number {
    return this.options.idleTimeoutMs ?? 30_000;
  }

  /** Makes sure a sweep runs by `atMs` (within SWEEP_SLACK_MS): one timer, re-armed only for an earlier deadline. */
  wakeSweeper(atMs = performance.now()): void {
    if (this.closed || atMs >= this.sweepAtMs) return;
    clearTimeout(this.sweeper);
    this.sweepAtMs = atMs;
    this.sweeper = setTimeout(this.sweep, Math.max(0, atMs - performance.now()) + SWEEP_SLACK_MS);
    this.sweeper.unref();
  }

  private readonly sweep = (): void => {
    this.sweeper = undefined;
    this.sweepAtMs = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const p = this.queue[i] as Pending;
      if (p.deadlineMs <= now) {
        this.queue.splice(i, 1);
        p.reject(new TransportError('timeout', 'UND_ERR_HEADERS_TIMEOUT', new Error('no connection became free in time')));
      } else if (p.deadlineMs < next) next = p.deadlineMs;
    }
    for (const c of [...this.all]) {
      const p = c.current;
      if (!p) continue;
      if (p.deadlineMs <= now) c.fail(new TransportError('timeout', p.head ? 'UND_ERR_BODY_TIMEOUT' : 'UND_ERR_HEADERS_TIMEOUT', undefined));
      else if (p.releaseByMs !== undefined && p.releaseByMs <= now) c.destroy();
      else next = Math.min(next, p.deadlineMs, p.releaseByMs ?? Infinity);
    }
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const c = this.idle[i] as Connection;
      const expiry = c.idleSinceMs + this.idleLimitMs;
      if (expiry <= now) c.destroy();
      else if (expiry < next) next = expiry;
    }
    if (next !== Infinity) this.wakeSweeper(next);
  };
}
