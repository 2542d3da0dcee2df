import { describe, expect, it } from 'vitest';
import { parseSse } from './sse-parser.js';

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
});
