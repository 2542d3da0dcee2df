import net from 'node:net';
import { classifyTransportError, headerLines, TransportError, type HttpRequest } from '../http-client.js';
import { ParseError, ResponseParser, type ResponseHead } from './response-parser.js';

/**
 * One keep-alive connection of the generator's HTTP client and the request it is carrying. The pool
 * (RawHttpClient) hands requests in with start() and gets the connection back through the owner.
 */
export type Mode = 'buffer' | 'discard' | 'stream';

export interface Pending {
  readonly wire: string | Buffer;
  readonly mode: Mode;
  /** Keep body bytes: always for 'buffer', and for a stream whose answer is an error (read whole). */
  collect: boolean;
  readonly noBody: boolean;
  readonly signal: AbortSignal | undefined;
  deadlineMs: number;
  head: ResponseHead | undefined;
  chunks: Buffer[];
  connection: Connection | undefined;
  resolve(value: unknown): void;
  reject(e: unknown): void;
  /** Stream mode: settles `ended` once the body is over. */
  onStreamEnd?: (() => void) | undefined;
  /** Stream mode, released by its caller: the connection is reused if the stream ends by then, closed after. */
  releaseByMs?: number | undefined;
}

/** A complete answer: the head stays text until a header is asked for. */
class Response {
  constructor(
    readonly status: number,
    private readonly head: ResponseHead,
    readonly body: string,
  ) {}

  get headers(): Record<string, string | string[]> {
    return this.head.headers;
  }

  header(name: string): string | undefined {
    return this.head.header(name);
  }
}

/** What a connection needs from its pool. */
export interface ConnectionOwner {
  /** A connection finished its response and can take the next request. */
  release(c: Connection): void;
  /** A connection died; the pool drops it (and may start a queued request on a new one). */
  forget(c: Connection): void;
}

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly localAddress?: string | undefined;
}

/**
 * One read buffer per thread, shared by every connection: with `onread` the socket hands its bytes to
 * our callback in place, skipping the stream machinery (no Buffer, no 'data' event per read). A read
 * is consumed (parsed, or copied where kept) before the callback returns, so sharing is safe.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class Connection {
  readonly socket: net.Socket;
  readonly parser: ResponseParser;
  current: Pending | undefined;
  idleSinceMs = 0;
  dead = false;

  constructor(private readonly client: ConnectionOwner, options: ConnectionOptions) {
    this.parser = new ResponseParser({
      onHead: (head) => this.onHead(head),
      // The read buffer is reused: keep a copy of what outlives this read.
      onBody: (chunk) => {
        const p = this.current;
        if (p && p.collect) p.chunks.push(Buffer.from(chunk));
      },
      onComplete: (keepAlive) => this.onComplete(keepAlive),
    });
    this.socket = net.connect({
      host: options.host,
      port: options.port,
      localAddress: options.localAddress,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array) => this.onRead(buf as Buffer, n) },
    });
    this.socket.on('end', () => {
      if (this.current && this.parser.end()) return;
      this.fail(new TransportError('connection-reset', 'UND_ERR_SOCKET', new Error('server closed the connection mid-response')));
    });
    this.socket.on('error', (e) => this.fail(classifyTransportError(e)));
    this.socket.on('close', () => this.fail(new TransportError('connection-reset', 'ECONNRESET', new Error('connection closed'))));
  }

  private onRead(buf: Buffer, n: number): boolean {
    try {
      const extra = this.parser.execute(n === buf.length ? buf : buf.subarray(0, n));
      if (extra > 0 && this.current === undefined) this.fail(new TransportError('socket', 'HPE_UNEXPECTED_CONTENT', undefined));
    } catch (e) {
      this.fail(new TransportError('socket', e instanceof ParseError ? e.code : undefined, e));
    }
    return true;
  }

  start(p: Pending): void {
    this.current = p;
    p.connection = this;
    this.parser.reset(p.noBody);
    this.socket.write(p.wire);
  }

  private onHead(head: ResponseHead): void {
    const p = this.current;
    if (!p) return;
    p.head = head;
    if (p.mode === 'stream') {
      if (head.status < 200 || head.status > 299) p.collect = true;
      // An open stream now belongs to its caller; only the headers were timed.
      else p.deadlineMs = Infinity;
      p.resolve(head);
    }
  }

  private onComplete(keepAlive: boolean): void {
    const p = this.current;
    this.current = undefined;
    if (!p) return;
    if (p.mode === 'stream') {
      p.onStreamEnd?.();
      // A short error answer, or a stream the server ended after its caller let go of it (a legacy
      // session's GET stream after the DELETE), leaves the connection reusable.
      if (keepAlive && (p.collect || p.releaseByMs !== undefined)) this.client.release(this);
      else this.destroy();
      return;
    }
    const head = p.head as ResponseHead;
    const body = p.mode === 'buffer' ? (p.chunks.length === 1 ? (p.chunks[0] as Buffer).toString('utf8') : Buffer.concat(p.chunks).toString('utf8')) : '';
    p.resolve(new Response(head.status, head, body));
    if (keepAlive) this.client.release(this);
    else this.destroy();
  }

  fail(e: TransportError): void {
    const p = this.current;
    this.current = undefined;
    if (!this.dead) {
      this.dead = true;
      this.client.forget(this);
      this.socket.destroy();
    }
    if (!p) return;
    if (p.mode === 'stream' && p.head) p.onStreamEnd?.();
    else p.reject(e);
  }

  destroy(): void {
    this.fail(new TransportError('aborted', 'UND_ERR_ABORTED', new Error('closed by client')));
  }
}

export function serialize(req: HttpRequest, hostHeader: string): string {
  let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${hostHeader}\r\n${req.headerLines ?? headerLines(req.headers)}`;
  if (req.body !== undefined) head += `content-length: ${Buffer.byteLength(req.body)}\r\n\r\n${req.body}`;
  else head += req.method === 'GET' ? '\r\n' : 'content-length: 0\r\n\r\n';
  return head;
}

