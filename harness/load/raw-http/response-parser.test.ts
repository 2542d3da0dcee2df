import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, ResponseParser, type ResponseHead } from './response-parser.js';

interface Parsed {
  heads: ResponseHead[];
  bodies: string[];
  keepAlive: boolean[];
}

function parseInPieces(wire: string, cuts: number[], noBody = false): Parsed {
  const out: Parsed = { heads: [], bodies: [], keepAlive: [] };
  let body: Buffer[] = [];
  const parser = new ResponseParser({
    onHead: (h) => out.heads.push(h),
    onBody: (c) => body.push(Buffer.from(c)),
    onComplete: (k) => {
      out.bodies.push(Buffer.concat(body).toString('utf8'));
      out.keepAlive.push(k);
      body = [];
    },
  });
  parser.reset(noBody);
  const bytes = Buffer.from(wire, 'utf8');
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    if (p > prev) {
      let rest = parser.execute(bytes.subarray(prev, p));
      // Keep-alive: a second response in the same stream starts where the first ended.
      while (rest > 0 && parser.done) {
        parser.reset(false);
        rest = parser.execute(bytes.subarray(p - rest, p));
      }
      prev = p;
    }
  }
  return out;
}

const fixed = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Replica-Id: r2\r\nContent-Length: 13\r\n\r\n{"ok":"yés"}';
const sse =
  'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nmcp-session-id: abc\r\ntransfer-encoding: chunked\r\n\r\n' +
  '1e\r\nevent: message\ndata: {"a":1}\n\n\r\n' +
  '5;ext=1\r\nhello\r\n' +
  '0\r\n\r\n';

describe('ResponseParser', () => {
  it('parses a Content-Length response however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(200), { maxLength: 12 }), (cuts) => {
        const r = parseInPieces(fixed, cuts);
        expect(r.heads).toHaveLength(1);
        expect(r.heads[0]?.status).toBe(200);
        expect(r.heads[0]?.headers['x-replica-id']).toBe('r2');
        expect(r.bodies).toEqual(['{"ok":"yés"}']);
        expect(r.keepAlive).toEqual([true]);
      }),
    );
  });

  it('parses chunked (SSE) bodies with chunk extensions however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(300), { maxLength: 20 }), (cuts) => {
        const r = parseInPieces(sse, cuts);
        expect(r.heads[0]?.headers['mcp-session-id']).toBe('abc');
        expect(r.bodies).toEqual(['event: message\ndata: {"a":1}\n\nhello']);
      }),
    );
  });

  it('parses back-to-back keep-alive responses', () => {
    const r = parseInPieces(fixed + fixed.replace('r2', 'r3'), [50, 120]);
    expect(r.heads.map((h) => h.headers['x-replica-id'])).toEqual(['r2', 'r3']);
  });

  it('handles 202/204 without a body, repeated headers, and Connection: close', () => {
    const r = parseInPieces('HTTP/1.1 204 No Content\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nConnection: close\r\n\r\n', []);
    expect(r.heads[0]?.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(r.keepAlive).toEqual([false]);
    expect(parseInPieces('HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n', []).bodies).toEqual(['']);
  });

  it('skips 100 Continue', () => {
    const r = parseInPieces('HTTP/1.1 100 Continue\r\n\r\n' + fixed, [10, 30]);
    expect(r.heads.map((h) => h.status)).toEqual([200]);
  });

  it('reads until close when there is no framing', () => {
    let done = false;
    const p = new ResponseParser({ onHead: () => undefined, onBody: () => undefined, onComplete: () => (done = true) });
    p.reset(false);
    p.execute(Buffer.from('HTTP/1.0 200 OK\r\n\r\npartial'));
    expect(done).toBe(false);
    expect(p.end()).toBe(true);
    expect(done).toBe(true);
  });

  it('rejects garbage', () => {
    const p = new ResponseParser({ onHead: () => undefined, onBody: () => undefined, onComplete: () => undefined });
    p.reset(false);
    expect(() => p.execute(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(ParseError);
  });
});
