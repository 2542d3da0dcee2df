import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSse, type SseEvent } from './sse-parser.js';

/** The straightforward reading (split on every line break), to check the in-place scan against. */
function referenceParseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retryMs: number | undefined;
  let hasFields = false;
  const flush = (): void => {
    if (hasFields) events.push({ event: event || 'message', data: data.join('\n'), id, retryMs });
    data = [];
    event = '';
    id = undefined;
    retryMs = undefined;
    hasFields = false;
  };
  // Normalise CRLF / CR line endings, which the SSE grammar allows.
  const lines = text.split(/\r\n|\r|\n/);
  // What follows the last line break is an unterminated line: not part of any complete event.
  lines.pop();
  for (const line of lines) {
    if (line === '') {
      flush();
      continue;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        hasFields = true;
        break;
      case 'event':
        event = value;
        hasFields = true;
        break;
      case 'id':
        id = value;
        hasFields = true;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retryMs = Number(value);
        hasFields = true;
        break;
      default:
        break; // unknown fields are ignored by the spec
    }
  }
  // A stream cut mid-event does not dispatch that event (the spec requires the blank line).
  return events;
}


describe('parseSse', () => {
  it('reads the v1 SDK response shape (event: message, one data line)', () => {
    const body = 'event: message\ndata: {"result":{},"jsonrpc":"2.0","id":3}\n\n';
    expect(parseSse(body)).toEqual([{ event: 'message', data: '{"result":{},"jsonrpc":"2.0","id":3}', id: undefined, retryMs: undefined }]);
  });

  it('skips comment lines (keep-alives) and keeps priming events with empty data', () => {
    const body = ': keepalive\n\nid: 7\nretry: 1000\ndata: \n\nevent: message\ndata: {"a":1}\n\n';
    const events = parseSse(body);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ event: 'message', data: '', id: '7', retryMs: 1000 });
    expect(events[1]?.data).toBe('{"a":1}');
  });

  it('joins multi-line data with newlines and accepts CRLF line endings', () => {
    expect(parseSse('data: a\r\ndata: b\r\n\r\n')[0]?.data).toBe('a\nb');
  });

  it('does not dispatch an event cut off before its blank line', () => {
    expect(parseSse('data: {"partial":true}\n')).toEqual([]);
  });

  it('strips exactly one leading space from a value', () => {
    expect(parseSse('data:  two\n\n')[0]?.data).toBe(' two');
    expect(parseSse('data:none\n\n')[0]?.data).toBe('none');
  });

  it('reads any mix of lines and line endings exactly as a plain split would', () => {
    const piece = fc.constantFrom('data: {"a":1}', 'data:x', 'event: message', 'id: 4', 'retry: 10', ': ping', '', 'data', 'é: ü');
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, eol), { maxLength: 12 }), fc.string({ maxLength: 5 }), (lines, tail) => {
        const text = lines.map(([l, e]) => l + e).join('') + tail;
        expect(parseSse(text)).toEqual(referenceParseSse(text));
      }),
    );
  });
});
