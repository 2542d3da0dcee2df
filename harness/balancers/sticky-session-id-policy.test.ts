import { describe, expect, it } from 'vitest';
import { StickySessionIdPolicy } from './sticky-session-id-policy.js';
import type { RequestView } from './routing-policy.js';

const opts = { maxEntries: 1000, ttlMs: 60_000, maxIdLength: 128 };
const post = (sessionId?: string): RequestView => ({ method: 'POST', rawHeaders: sessionId ? ['Host', 'lb', 'Mcp-Session-Id', sessionId] : ['Host', 'lb'] });
const minted = (id: string) => ({ statusCode: 200, rawHeaders: ['Content-Type', 'application/json', 'mcp-session-id', id] });

describe('StickySessionIdPolicy', () => {
  it('sends requests without a session id round robin', () => {
    const p = new StickySessionIdPolicy(3, opts);
    expect([p.pick(post()), p.pick(post()), p.pick(post()), p.pick(post())]).toEqual([0, 1, 2, 0]);
  });

  it('learns the replica from the response that mints the id, then routes every request of the session there', () => {
    const p = new StickySessionIdPolicy(3, opts);
    const init = post();
    const chosen = p.pick(init);
    p.onResponse(init, chosen, minted('S1'));
    for (let i = 0; i < 10; i++) expect(p.pick(post('S1'))).toBe(chosen);
    expect(p.pick({ method: 'GET', rawHeaders: ['mcp-session-id', 'S1'] })).toBe(chosen);
  });

  it('keeps interleaved sessions apart', () => {
    const p = new StickySessionIdPolicy(3, opts);
    const owner = new Map<string, number>();
    for (let s = 0; s < 30; s++) {
      const i = p.pick(post());
      p.onResponse(post(), i, minted(`S${s}`));
      owner.set(`S${s}`, i);
    }
    expect(new Set(owner.values()).size).toBe(3);
    for (let round = 0; round < 3; round++) for (const [id, i] of owner) expect(p.pick(post(id))).toBe(i);
  });

  it('falls back to round robin for an unknown id', () => {
    const p = new StickySessionIdPolicy(2, opts);
    expect([p.pick(post('nobody')), p.pick(post('nobody')), p.pick(post('nobody'))]).toEqual([0, 1, 0]);
  });

  it('forgets a session after a successful DELETE, not after a failed one', () => {
    const p = new StickySessionIdPolicy(3, opts);
    p.onResponse(post(), 2, minted('S1'));
    const del: RequestView = { method: 'DELETE', rawHeaders: ['Mcp-Session-Id', 'S1'] };
    p.onResponse(del, 2, { statusCode: 500, rawHeaders: [] });
    expect(p.knownSessions).toBe(1);
    p.onResponse(del, 2, { statusCode: 200, rawHeaders: [] });
    expect(p.knownSessions).toBe(0);
  });

  it('ignores responses without a session id and matches long ids on their first maxIdLength characters', () => {
    const p = new StickySessionIdPolicy(3, { ...opts, maxIdLength: 4 });
    p.onResponse(post(), 1, { statusCode: 200, rawHeaders: ['content-type', 'text/plain'] });
    expect(p.knownSessions).toBe(0);
    p.onResponse(post(), 2, minted('abcdXYZ'));
    expect(p.pick(post('abcd-other-suffix'))).toBe(2);
  });

  it('header names match case-insensitively', () => {
    const p = new StickySessionIdPolicy(3, opts);
    p.onResponse(post(), 1, { statusCode: 200, rawHeaders: ['MCP-SESSION-ID', 'S'] });
    expect(p.pick({ method: 'POST', rawHeaders: ['mcp-session-id', 'S'] })).toBe(1);
  });
});
