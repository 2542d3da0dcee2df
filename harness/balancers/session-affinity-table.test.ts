import { describe, expect, it } from 'vitest';
import { SessionAffinityTable } from './session-affinity-table.js';

function clock(): { nowMs: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { nowMs: () => t, advance: (ms) => (t += ms) };
}

describe('SessionAffinityTable', () => {
  it('remembers, overwrites and forgets', () => {
    const t = new SessionAffinityTable({ maxEntries: 10, ttlMs: 1000 });
    t.store('a', 2);
    expect(t.match('a')).toBe(2);
    t.store('a', 1);
    expect(t.match('a')).toBe(1);
    t.forget('a');
    expect(t.match('a')).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('expires an entry ttlMs after it was last stored or matched', () => {
    const c = clock();
    const t = new SessionAffinityTable({ maxEntries: 10, ttlMs: 1000, nowMs: c.nowMs });
    t.store('a', 0);
    c.advance(900);
    expect(t.match('a')).toBe(0);
    c.advance(900);
    expect(t.match('a'), 'the match at 900 ms restarted the TTL').toBe(0);
    c.advance(1000);
    expect(t.match('a')).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('evicts the least recently used entry when full', () => {
    const t = new SessionAffinityTable({ maxEntries: 3, ttlMs: 60_000 });
    t.store('a', 0);
    t.store('b', 1);
    t.store('c', 2);
    expect(t.match('a')).toBe(0);
    t.store('d', 0);
    expect(t.size).toBe(3);
    expect(t.match('b')).toBeUndefined();
    expect([t.match('a'), t.match('c'), t.match('d')]).toEqual([0, 2, 0]);
  });

  it('drops expired entries when storing, so the size stays bounded by live sessions', () => {
    const c = clock();
    const t = new SessionAffinityTable({ maxEntries: 1000, ttlMs: 100, nowMs: c.nowMs });
    for (let i = 0; i < 50; i++) t.store(`old-${i}`, 0);
    c.advance(101);
    t.store('new', 1);
    expect(t.size).toBe(1);
  });

  it('never grows past maxEntries', () => {
    const t = new SessionAffinityTable({ maxEntries: 100, ttlMs: 60_000 });
    for (let i = 0; i < 10_000; i++) t.store(`s${i}`, i % 3);
    expect(t.size).toBe(100);
    expect(t.match('s9999')).toBe(9999 % 3);
    expect(t.match('s0')).toBeUndefined();
  });
});
