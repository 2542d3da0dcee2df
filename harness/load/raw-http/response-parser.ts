/**
 * An incremental HTTP/1.1 response parser for the generator's own client: status line and headers,
 * then a body framed by Content-Length, chunked transfer coding (SSE streams), or connection close.
 * Only what a load generator needs; no trailers, no 1xx other than skipping them.
 */
export interface ResponseHead {
  readonly status: number;
  /** Lower-case names; repeated headers joined as an array (built on first use). */
  readonly headers: Record<string, string | string[]>;
  /** One header's (first) value by lower-case name, without building `headers`. */
  header(name: string): string | undefined;
}

/**
 * A response head kept as its text: the hot path reads two or three headers by name, so the object
 * of every header (dictionary-mode, a string per name and value) is only built when someone asks.
 */
class Head implements ResponseHead {
  private all: Record<string, string | string[]> | undefined;
  /** `text` holds the header lines from `from`, each ending with CRLF. */
  constructor(
    readonly status: number,
    private readonly text: string,
    private readonly from: number,
  ) {}

  header(name: string): string | undefined {
    const { text } = this;
    const n = name.length;
    let pos = this.from;
    while (pos < text.length) {
      const eol = text.indexOf('\r\n', pos);
      const end = eol === -1 ? text.length : eol;
      if (text.charCodeAt(pos + n) === 58 /* ':' */ && text.slice(pos, pos + n).toLowerCase() === name) return text.slice(pos + n + 1, end).trim();
      pos = end + 2;
    }
    return undefined;
  }

  get headers(): Record<string, string | string[]> {
    if (this.all) return this.all;
    const headers: Record<string, string | string[]> = {};
    const { text } = this;
    let pos = this.from;
    while (pos < text.length) {
      let eol = text.indexOf('\r\n', pos);
      if (eol === -1) eol = text.length;
      const colon = text.indexOf(':', pos);
      const name = text.slice(pos, colon).toLowerCase();
      const value = text.slice(colon + 1, eol).trim();
      const prev = headers[name];
      headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      pos = eol + 2;
    }
    return (this.all = headers);
  }
}

/** Whether text[pos, pos + name.length) is `name` (lower-case ASCII) in any case. */
function nameIs(text: string, pos: number, colon: number, name: string): boolean {
  if (colon - pos !== name.length) return false;
  for (let i = 0; i < name.length; i++) if ((text.charCodeAt(pos + i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

export interface ParserEvents {
  onHead(head: ResponseHead): void;
  onBody(chunk: Buffer): void;
  onComplete(keepAlive: boolean): void;
}

export class ParseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE';
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

const enum State {
  Head,
  FixedBody,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

export class ResponseParser {
  private state = State.Head;
  private head: Buffer | undefined;
  private remaining = 0;
  private keepAlive = true;
  private line = '';
  /** True when the request was HEAD or the status has no body (1xx/204/304). */
  private noBody = false;

  constructor(private readonly events: ParserEvents) {}

  /** Prepares for the next response on the same connection. */
  reset(expectNoBody: boolean): void {
    this.state = State.Head;
    this.head = undefined;
    this.remaining = 0;
    this.keepAlive = true;
    this.line = '';
    this.noBody = expectNoBody;
  }

  get done(): boolean {
    return this.state === State.Done;
  }

  /** True when the body runs until the server closes the connection. */
  get readsUntilClose(): boolean {
    return this.state === State.UntilClose;
  }

  /** Feeds bytes; returns bytes left over after a complete response (a misbehaving server's extra data). */
  execute(chunk: Buffer): number {
    let offset = 0;
    while (offset < chunk.length && this.state !== State.Done) {
      switch (this.state) {
        case State.Head:
          offset = this.readHead(chunk, offset);
          break;
        case State.FixedBody: {
          const n = Math.min(this.remaining, chunk.length - offset);
          this.events.onBody(chunk.subarray(offset, offset + n));
          offset += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finish();
          break;
        }
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers:
          offset = this.readLine(chunk, offset);
          break;
        case State.ChunkData: {
          const n = Math.min(this.remaining, chunk.length - offset);
          this.events.onBody(chunk.subarray(offset, offset + n));
          offset += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
        case State.UntilClose:
          this.events.onBody(chunk.subarray(offset));
          offset = chunk.length;
          break;
      }
    }
    return chunk.length - offset;
  }

  /** The connection closed: completes a read-until-close body; otherwise the response was cut short. */
  end(): boolean {
    if (this.state === State.UntilClose) {
      this.state = State.Done;
      this.events.onComplete(false);
      return true;
    }
    return this.state === State.Done;
  }

  private readHead(chunk: Buffer, offset: number): number {
    let data: Buffer;
    let end: number;
    let consumedBefore: number;
    if (this.head) {
      // Rare: the head spans packets. Join what we have and search the whole.
      data = Buffer.concat([this.head, chunk.subarray(offset)]);
      end = data.indexOf(CRLFCRLF);
      consumedBefore = this.head.length;
    } else {
      // Common: the whole head is in this chunk; search it in place, no copy.
      data = chunk;
      end = chunk.indexOf(CRLFCRLF, offset);
      consumedBefore = -offset;
    }
    if (end === -1) {
      const rest = this.head ? data : chunk.subarray(offset);
      if (rest.length > MAX_HEAD_BYTES) throw new ParseError('response head too large');
      this.head = Buffer.from(rest);
      return chunk.length;
    }
    const headStart = this.head ? 0 : offset;
    this.head = undefined;
    const text = data.toString('latin1', headStart, end);
    const next = offset + (end + 4 - headStart) - (consumedBefore > 0 ? consumedBefore : 0);
    const lineEnd = text.indexOf('\r\n');
    if (!text.startsWith('HTTP/1.')) throw new ParseError(`bad status line: ${text.slice(0, Math.min(40, lineEnd === -1 ? 40 : lineEnd))}`);
    // Three digits at offset 9, read as digits (Number(slice) would allocate and hash a string per response).
    const d0 = text.charCodeAt(9) - 48;
    const d1 = text.charCodeAt(10) - 48;
    const d2 = text.charCodeAt(11) - 48;
    const status = d0 * 100 + d1 * 10 + d2;
    if (!(d0 >= 1 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) throw new ParseError(`bad status: ${text.slice(0, Math.min(40, lineEnd === -1 ? 40 : lineEnd))}`);
    const http10 = text.charCodeAt(7) === 48; /* '0' */
    const from = lineEnd === -1 ? text.length : lineEnd + 2;
    // One pass over the header lines: check their shape, and read the three that frame the body.
    let te: string | undefined;
    let cl: string | undefined;
    let conn = '';
    let pos = from;
    while (pos < text.length) {
      let eol = text.indexOf('\r\n', pos);
      if (eol === -1) eol = text.length;
      const colon = text.indexOf(':', pos);
      if (colon <= pos || colon > eol) throw new ParseError(`bad header line: ${text.slice(pos, Math.min(eol, pos + 40))}`);
      if (nameIs(text, pos, colon, 'content-length')) cl = text.slice(colon + 1, eol).trim();
      else if (nameIs(text, pos, colon, 'transfer-encoding')) te = text.slice(colon + 1, eol).trim();
      else if (nameIs(text, pos, colon, 'connection')) conn = text.slice(colon + 1, eol).trim().toLowerCase();
      pos = eol + 2;
    }
    if (status < 200) {
      // 1xx interim response (100 Continue): skip it, the real response follows.
      return next;
    }
    this.keepAlive = http10 ? conn === 'keep-alive' : conn !== 'close';
    this.events.onHead(new Head(status, text, from));
    if (this.noBody || status === 204 || status === 304) this.finish();
    else if (te !== undefined && te.toLowerCase().endsWith('chunked')) this.state = State.ChunkSize;
    else if (cl !== undefined) {
      this.remaining = Number(cl);
      if (!Number.isSafeInteger(this.remaining) || this.remaining < 0) throw new ParseError(`bad content-length: ${cl}`);
      if (this.remaining === 0) this.finish();
      else this.state = State.FixedBody;
    } else {
      this.keepAlive = false;
      this.state = State.UntilClose;
    }
    return next;
  }

  private readLine(chunk: Buffer, offset: number): number {
    const lf = chunk.indexOf(10, offset);
    if (lf === -1) {
      this.line += chunk.toString('latin1', offset, chunk.length);
      if (this.line.length > 4096) throw new ParseError('chunk line too long');
      return chunk.length;
    }
    let line = this.line + chunk.toString('latin1', offset, lf);
    this.line = '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const next = lf + 1;
    if (this.state === State.ChunkDataEnd) {
      if (line !== '') throw new ParseError('missing CRLF after chunk');
      this.state = State.ChunkSize;
    } else if (this.state === State.ChunkSize) {
      const semi = line.indexOf(';');
      const size = parseInt(semi === -1 ? line : line.slice(0, semi), 16);
      if (!Number.isFinite(size) || size < 0) throw new ParseError(`bad chunk size: ${line.slice(0, 20)}`);
      if (size === 0) this.state = State.Trailers;
      else {
        this.remaining = size;
        this.state = State.ChunkData;
      }
    } else if (line === '') {
      // Trailers end with an empty line.
      this.finish();
    }
    return next;
  }

  private finish(): void {
    this.state = State.Done;
    this.events.onComplete(this.keepAlive);
  }
}
