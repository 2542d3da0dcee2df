import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { delayUnlessAborted, onAbort } from './on-abort.js';

describe('onAbort', () => {
  it('puts one listener on a signal however many waits share it, and removes it when the last one settles', () => {
    const controller = new AbortController();
    const offs = Array.from({ length: 50 }, () => onAbort(controller.signal, () => undefined));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const off of offs.slice(1)) off();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    offs[0]!();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // A later wait on the same signal subscribes afresh.
    const fired: string[] = [];
    onAbort(controller.signal, () => fired.push('late'));
    controller.abort();
    expect(fired).toEqual(['late']);
  });

  it('calls every pending callback once on abort, not those that unsubscribed', () => {
    const controller = new AbortController();
    const fired: number[] = [];
    const offs = [1, 2, 3].map((n) => onAbort(controller.signal, () => fired.push(n)));
    offs[1]!();
    controller.abort();
    controller.abort();
    expect(fired).toEqual([1, 3]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('keeps two subscriptions of the same function apart', () => {
    const controller = new AbortController();
    let calls = 0;
    const cb = (): void => void calls++;
    const off = onAbort(controller.signal, cb);
    onAbort(controller.signal, cb);
    off();
    controller.abort();
    expect(calls).toBe(1);
  });

  it('calls back on the next microtask for a signal aborted already, unless unsubscribed first', async () => {
    const signal = AbortSignal.abort(new Error('gone'));
    const fired: string[] = [];
    onAbort(signal, () => fired.push('a'));
    onAbort(signal, () => fired.push('b'))();
    expect(fired).toEqual([]);
    await Promise.resolve();
    expect(fired).toEqual(['a']);
  });
});

describe('delayUnlessAborted', () => {
  it('rejects with the reason when the signal aborts during the delay, and leaves no listener behind', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted by SIGINT');
    const sleeping = Promise.all(Array.from({ length: 20 }, () => delayUnlessAborted(60_000, controller.signal)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('resolves after the delay and unsubscribes', async () => {
    const controller = new AbortController();
    await delayUnlessAborted(1, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
