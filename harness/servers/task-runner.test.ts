import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StateCounters } from './state-counters.js';
import { StoreUnavailableError } from './store/redis-store.js';
import { MemoryTaskStore, type TaskStore } from './store/task-store.js';
import { RESULT_RETRY_WINDOW_MS, TaskRunner } from './task-runner.js';

const KEYS = ['tasksCompleted', 'tasksFailed', 'taskResultsLost'] as const;

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

async function created(store: TaskStore, taskId: string): Promise<void> {
  await store.create({ taskId, status: 'working', createdAtMs: Date.now(), lastUpdatedAtMs: Date.now(), ttlMs: 600_000, pollIntervalMs: 10 });
}

describe('TaskRunner', () => {
  it('writes the outcome when the job is due, and not for a task cancelled meanwhile', async () => {
    const store = new MemoryTaskStore();
    const counters = new StateCounters(KEYS);
    const runner = new TaskRunner(store, counters);
    await created(store, 'r1.done');
    await created(store, 'r1.cancelled');
    runner.start({ taskId: 'r1.done', durationMs: 50, outcome: () => ({ status: 'completed', result: { content: [] } }) });
    runner.start({ taskId: 'r1.cancelled', durationMs: 50, outcome: () => ({ status: 'completed', result: {} }) });
    expect(runner.running).toBe(2);
    await store.cancel('r1.cancelled', Date.now());
    runner.cancelLocal('r1.cancelled');
    await vi.advanceTimersByTimeAsync(50);
    expect((await store.get('r1.done'))?.status).toBe('completed');
    expect((await store.get('r1.cancelled'))?.status).toBe('cancelled');
    expect(counters.snapshot()).toEqual({ tasksCompleted: 1, tasksFailed: 0, taskResultsLost: 0 });
    runner.close();
    await store.close();
  });

  it('retries the write through a store outage, and counts the result lost after the retry window', async () => {
    const memory = new MemoryTaskStore();
    let down = true;
    const flaky: TaskStore = {
      ...memory,
      kind: 'redis',
      create: (t) => memory.create(t),
      get: (id) => memory.get(id),
      exists: (id) => memory.exists(id),
      cancel: (id, at) => memory.cancel(id, at),
      close: () => memory.close(),
      finish: (id, outcome, at) => (down ? Promise.reject(new StoreUnavailableError('task finish', new Error('Command timed out'))) : memory.finish(id, outcome, at)),
    };
    const counters = new StateCounters(KEYS);
    const runner = new TaskRunner(flaky, counters);
    await created(memory, 'r1.recovers');
    await created(memory, 'r1.lost');
    runner.start({ taskId: 'r1.recovers', durationMs: 10, outcome: () => ({ status: 'failed', error: { code: -32603, message: 'x' } }) });
    await vi.advanceTimersByTimeAsync(1000);
    down = false;
    await vi.advanceTimersByTimeAsync(200);
    expect((await memory.get('r1.recovers'))?.status).toBe('failed');

    down = true;
    runner.start({ taskId: 'r1.lost', durationMs: 10, outcome: () => ({ status: 'completed', result: {} }) });
    await vi.advanceTimersByTimeAsync(RESULT_RETRY_WINDOW_MS + 500);
    expect((await memory.get('r1.lost'))?.status).toBe('working');
    expect(counters.snapshot()).toEqual({ tasksCompleted: 0, tasksFailed: 1, taskResultsLost: 1 });
    runner.close();
    await memory.close();
  });
});
