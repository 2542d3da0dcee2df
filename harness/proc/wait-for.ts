import { delayUnlessAborted } from './on-abort.js';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  /** Describes what was awaited; used in the timeout error. */
  readonly what: string;
}

export class WaitTimeoutError extends Error {
  readonly lastError: unknown;
  constructor(what: string, timeoutMs: number, lastError: unknown) {
    super(`${what} not ready after ${timeoutMs} ms` + (lastError instanceof Error ? ` (last attempt: ${lastError.message})` : ''));
    this.name = 'WaitTimeoutError';
    this.lastError = lastError;
  }
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or the deadline passes.
 * This is the readiness primitive: a probe with a deadline, never a fixed sleep.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitOptions): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 20;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (performance.now() >= deadline) throw new WaitTimeoutError(options.what, options.timeoutMs, lastError);
    // Not timers/promises' abortable delay: that adds a listener per sleeping wait to a shared signal.
    await delayUnlessAborted(interval, options.signal);
  }
}
