import { describe, expect, it } from 'vitest';
import { LegacySessionTable, type LegacySession } from './legacy-session-table.js';

function session(id: string, lastSeenMs: number, inFlight = 0): LegacySession & { closes: number } {
  const s = {
    id,
    lastSeenMs,
    inFlight,
    closes: 0,
    handleRequest: () => Promise.resolve(),
    close: () => {
      s.closes++;
      return Promise.resolve();
    },
  };
  return s;
}

describe('LegacySessionTable', () => {
  it('tracks created, closed and active; forget is idempotent', () => {
    const table = new LegacySessionTable();
    table.add(session('a', 0));
    table.add(session('b', 0));
    table.forget('a');
    table.forget('a');
    table.forget('never-existed');
    expect(table.gauges()).toEqual({ created: 2, closed: 1, active: 1 });
    expect(table.get('a')).toBeUndefined();
    expect(table.get('b')?.id).toBe('b');
  });

  it('closes only sessions idle past the timeout with nothing in flight', () => {
    const table = new LegacySessionTable();
    const idle = session('idle', 0);
    const recent = session('recent', 950);
    const streaming = session('streaming', 0, 1);
    for (const s of [idle, recent, streaming]) table.add(s);
    expect(table.closeIdle(1000, 100)).toBe(1);
    expect(idle.closes).toBe(1);
    expect(recent.closes + streaming.closes).toBe(0);
    expect(table.gauges()).toEqual({ created: 3, closed: 1, active: 2 });
    expect(table.get('idle')).toBeUndefined();
  });

  it('closeAll closes and forgets everything', async () => {
    const table = new LegacySessionTable();
    const a = session('a', 0);
    const b = session('b', 0, 2);
    table.add(a);
    table.add(b);
    await table.closeAll();
    expect(a.closes + b.closes).toBe(2);
    expect(table.gauges()).toEqual({ created: 2, closed: 2, active: 0 });
  });
});
