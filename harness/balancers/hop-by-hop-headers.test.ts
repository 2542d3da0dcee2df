import { describe, expect, it } from 'vitest';
import { forwardableRawHeaders, hasContentLength } from './hop-by-hop-headers.js';
import { rawHeaderValue } from './routing-policy.js';

describe('forwardableRawHeaders', () => {
  it('drops hop-by-hop headers and keeps everything else in order and case', () => {
    const raw = [
      'Host', 'lb:1',
      'Connection', 'keep-alive',
      'Keep-Alive', 'timeout=5',
      'Transfer-Encoding', 'chunked',
      'Mcp-Session-Id', 'abc',
      'TE', 'trailers',
      'Upgrade', 'h2c',
      'Proxy-Connection', 'keep-alive',
      'Trailer', 'x',
      'X-Replica-Id', 'r1',
      'set-cookie', 'a=1',
      'set-cookie', 'b=2',
    ];
    expect(forwardableRawHeaders(raw)).toEqual(['Host', 'lb:1', 'Mcp-Session-Id', 'abc', 'X-Replica-Id', 'r1', 'set-cookie', 'a=1', 'set-cookie', 'b=2']);
  });

  it('also drops headers the Connection header names', () => {
    const raw = ['Connection', 'close, X-Private', 'x-private', 'secret', 'Accept', '*/*'];
    expect(forwardableRawHeaders(raw)).toEqual(['Accept', '*/*']);
  });

  it('returns a copy even when nothing is dropped', () => {
    const raw = ['Accept', '*/*'];
    const out = forwardableRawHeaders(raw);
    expect(out).toEqual(raw);
    expect(out).not.toBe(raw);
  });
});

describe('header lookups', () => {
  it('hasContentLength is case-insensitive', () => {
    expect(hasContentLength(['Content-Length', '3'])).toBe(true);
    expect(hasContentLength(['content-type', 'text/event-stream'])).toBe(false);
  });

  it('rawHeaderValue finds the first value of a name in any case', () => {
    expect(rawHeaderValue(['Host', 'x', 'MCP-Session-Id', 'A', 'mcp-session-id', 'B'], 'mcp-session-id')).toBe('A');
    expect(rawHeaderValue(['Host', 'x'], 'mcp-session-id')).toBeUndefined();
  });
});
