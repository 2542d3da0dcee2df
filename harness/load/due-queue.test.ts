import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeHistogram, summarize } from '../metrics/histogram.js';
import { DueQueue } from './due-queue.js';

const real = globalThis.setTimeout;
afterEach(() => vi.unstubAllGlobals());

describe('DueQueue', () => {
  it('runs waiters in due order, never before their due time, and records how late they ran', async () => {
    const q = new DueQueue();
    const t0 = performance.now();
    const ran: Array<{ id: number; atMs: number; dueMs: number }> = [];
    const dues = [7, 2, 5, 2.5, 9, 3.3];
    await Promise.all(dues.map((d, id) => q.until(t0 + d).then(() => ran.push({ id, atMs: performance.now(), dueMs: t0 + d }))));
    expect(ran.map((r) => r.id)).toEqual([1, 3, 5, 2, 0, 4]);
    for (const r of ran) expect(r.atMs).toBeGreaterThanOrEqual(r.dueMs);
    expect(q.totalLag.totalCount).toBe(6);
    expect(q.size).toBe(0);
  });

  it('puts back a waiter whose timer fired early (Node can fire up to 1 ms early)', async () => {
    vi.stubGlobal('setTimeout', ((fn: () => void, ms = 1) => real(fn, Math.max(0, ms - 0.95))) as typeof setTimeout);
    const q = new DueQueue();
    const early: number[] = [];
    for (let i = 0; i < 20; i++) {
      const due = performance.now() + 1 + (i % 4) * 0.3;
      await q.until(due);
      early.push(performance.now() - due);
    }
    expect(early.filter((e) => e < 0)).toEqual([]);
  });

  it('wakes once for waiters due together, and lets a waiter schedule the next from inside', async () => {
    const calls: number[] = [];
    vi.stubGlobal('setTimeout', ((fn: () => void, ms?: number) => {
      calls.push(ms ?? 0);
      return real(fn, ms);
    }) as typeof setTimeout);
    const q = new DueQueue();
    const due = performance.now() + 3;
    let chained = false;
    await new Promise<void>((resolve) => {
      let n = 0;
      for (let i = 0; i < 50; i++) q.at(due, () => void (++n === 50 && q.at(performance.now() + 2, () => ((chained = true), resolve()))));
    });
    expect(chained).toBe(true);
    // One timer for the 50 waiters, one for the chained one (re-arms for early fires aside).
    expect(calls.length).toBeLessThanOrEqual(4);
  });

  it('keeps the lag of waits due in the measured window apart (warm-up and drain lag is not judged)', () => {
    const q = new DueQueue();
    q.measureWindow(2000, 12_000);
    expect(q.windowLag()).toBeUndefined();
    q.noteLag(50, 1500); // a warm-up start, very late
    q.noteLag(0.4, 2000);
    q.noteLag(0.6, 11_999);
    q.noteLag(40, 12_000); // drain
    const h = decodeHistogram(q.windowLag()!);
    expect(h.totalCount).toBe(2);
    expect(h.maxValue).toBeLessThan(1000);
    expect(q.totalLag.totalCount).toBe(4);
  });

  it('runs everything at once after flush, later waiters included', async () => {
    const q = new DueQueue();
    let a = false;
    const waiting = q.until(performance.now() + 60_000).then(() => (a = true));
    q.flush();
    await waiting;
    expect(a).toBe(true);
    let b = false;
    q.at(performance.now() + 60_000, () => (b = true));
    expect(b).toBe(true);
  });

  it('hands over each interval lag and starts the next empty', async () => {
    const q = new DueQueue();
    expect(q.rollLag()).toBeUndefined();
    q.noteLag(0.5, 10);
    q.noteLag(3, 20);
    const wire = q.rollLag();
    expect(wire).toBeDefined();
    expect(q.rollLag()).toBeUndefined();
    expect(summarize(q.totalLag)?.maxUs).toBeGreaterThanOrEqual(2990);
  });
});
