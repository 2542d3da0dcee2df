import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBasketStore } from './basket-store.js';
import { MemoryTaskStore, type StoredTask } from './task-store.js';

let clockMs = 1_000_000;
const now = (): number => clockMs;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('MemoryBasketStore', () => {
  it('adds, checks out once, and slides the lifetime on every change', async () => {
    const store = new MemoryBasketStore(1000, now);
    closers.push(() => store.close());
    await store.create('b1');
    expect(await store.add('b1', 'apple')).toBe(1);
    clockMs += 900;
    expect(await store.add('b1', 'pear')).toBe(2); // 900 ms after the last change: still alive, and renewed
    clockMs += 900;
    expect(await store.checkout('b1')).toEqual(['apple', 'pear']);
    expect(await store.checkout('b1')).toBeUndefined();
    expect(await store.add('unknown', 'x')).toBeUndefined();
  });

  it('forgets a basket idle longer than its lifetime', async () => {
    const store = new MemoryBasketStore(1000, now);
    closers.push(() => store.close());
    await store.create('b2');
    clockMs += 1000;
    expect(await store.add('b2', 'late')).toBeUndefined();
  });
});

describe('MemoryTaskStore', () => {
  const task = (taskId: string, ttlMs = 5000): StoredTask => ({ taskId, status: 'working', createdAtMs: clockMs, lastUpdatedAtMs: clockMs, ttlMs, pollIntervalMs: 100 });

  it('finishes a working task once, and a cancel after that changes nothing', async () => {
    const store = new MemoryTaskStore(now);
    closers.push(() => store.close());
    await store.create(task('r1.t1'));
    expect(await store.finish('r1.t1', { status: 'completed', result: { content: [] } }, clockMs + 5)).toBe(true);
    expect(await store.finish('r1.t1', { status: 'failed', error: { code: -1, message: 'late' } }, clockMs + 6)).toBe(false);
    expect(await store.cancel('r1.t1', clockMs + 7)).toBe('terminal');
    expect(await store.get('r1.t1')).toMatchObject({ status: 'completed', result: { content: [] }, lastUpdatedAtMs: clockMs + 5 });
  });

  it('cancels a working task so its completion can no longer land; unknown ids are unknown', async () => {
    const store = new MemoryTaskStore(now);
    closers.push(() => store.close());
    await store.create(task('r1.t2'));
    expect(await store.cancel('r1.t2', clockMs)).toBe('cancelled');
    expect(await store.finish('r1.t2', { status: 'completed', result: {} }, clockMs)).toBe(false);
    expect((await store.get('r1.t2'))?.status).toBe('cancelled');
    expect(await store.cancel('r1.nope', clockMs)).toBe('unknown');
    expect(await store.exists('r1.nope')).toBe(false);
  });

  it('expires a task ttlMs after its creation, whatever its state', async () => {
    const store = new MemoryTaskStore(now);
    closers.push(() => store.close());
    await store.create(task('r1.t3', 1000));
    clockMs += 999;
    expect(await store.exists('r1.t3')).toBe(true);
    clockMs += 1;
    expect(await store.get('r1.t3')).toBeUndefined();
  });
});
