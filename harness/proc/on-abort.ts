/**
 * Waits that share one AbortSignal, through one 'abort' listener per signal.
 *
 * A cell's signal is handed to every part the topology starts in parallel: with 12 replicas, 12
 * readiness waits are pending on it at once. One listener each tripped Node's leak detector
 * (MaxListenersExceededWarning above 10 listeners) although nothing leaked: each wait removed its own
 * listener when it settled. Raising the signal's limit would silence the detector for everyone who
 * shares the signal (the load generator's requests too), and the signal belongs to the caller. Here the
 * waits of this folder register with one shared listener per signal instead, which is removed when the
 * last of them settles, so the count on the signal stays at one however many parts start.
 */
interface FanOut {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

// Entries live only while a wait on their signal is pending (and the key is weak besides).
const fanOuts = new WeakMap<AbortSignal, FanOut>();

/**
 * Calls `callback` once when `signal` aborts (on the next microtask if it already has). Returns a
 * function that unsubscribes; call it when the wait settles.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) callback();
    });
    return () => void (cancelled = true);
  }
  let fanOut = fanOuts.get(signal);
  if (fanOut === undefined) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      fanOuts.delete(signal);
      for (const cb of [...callbacks]) cb();
      callbacks.clear();
    };
    fanOut = { callbacks, listener };
    fanOuts.set(signal, fanOut);
    signal.addEventListener('abort', listener, { once: true });
  }
  // A wrapper per subscription: the same function may be registered by two waits.
  const entry = (): void => callback();
  const current = fanOut;
  current.callbacks.add(entry);
  return () => {
    if (!current.callbacks.delete(entry) || current.callbacks.size > 0) return;
    signal.removeEventListener('abort', current.listener);
    if (fanOuts.get(signal) === current) fanOuts.delete(signal);
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delayUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      resolve();
    }, ms);
    const off = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
