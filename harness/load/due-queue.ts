import { encodeHistogram, msToUs, newHistogram, recordUs, type Histogram } from '../metrics/histogram.js';

/**
 * Every wait of one generator thread (the next scheduled start, a session's think time, a task's poll
 * interval, the next interval boundary) on ONE Node timer armed for the earliest due time: a thread
 * wakes once per distinct due time, not once per waiter, and no timer or abort listener is allocated
 * per wait.
 *
 * Never early: Node's timers count whole milliseconds of the loop's cached clock and can fire up to
 * 1 ms before a fractional due time (timers started within one millisecond share a list). Each waiter
 * runs only once performance.now() has reached its due time; one woken too early is put back. Never
 * spinning: a wait shorter than a millisecond is a 1 ms timer, and that lateness is the generator's lag.
 *
 * How late waiters ran is the generator's own lag (its timers' resolution plus its event loop's delay):
 * kept as an HDR histogram per interval and over the thread's life.
 */
export class DueQueue {
  // A binary min-heap on due time, in parallel arrays (no object per entry).
  private readonly dues: number[] = [];
  private readonly fns: Array<() => void> = [];
  /** Whether the entry's lateness counts as generator lag (a think time does; an executor's own tick records its starts itself). */
  private readonly timed: boolean[] = [];
  private timer: NodeJS.Timeout | undefined;
  private armedForMs = Infinity;
  private running = false;
  private flushed = false;
  private readonly lagInterval: Histogram = newHistogram();
  private lagIntervalUsed = false;
  private readonly lagTotal: Histogram = newHistogram();
  /** Lag of waits due inside the measured window (set by the load), for the saturation verdict. */
  private window: { readonly startMs: number; readonly endMs: number; readonly lag: Histogram } | undefined;

  get size(): number {
    return this.dues.length;
  }

  /** Runs `fn` once performance.now() ≥ dueMs; `fn` must not throw. */
  at(dueMs: number, fn: () => void, countLag = false): void {
    if (this.flushed) {
      fn();
      return;
    }
    this.push(dueMs, fn, countLag);
    if (!this.running && dueMs < this.armedForMs) this.arm();
  }

  /** Resolves once performance.now() ≥ dueMs (at once after flush()); its lateness is generator lag. */
  until(dueMs: number): Promise<void> {
    return new Promise((resolve) => this.at(dueMs, resolve, true));
  }

  /** Records a lateness the caller measured itself (an executor's start due at `dueMs`), in ms. */
  noteLag(lagMs: number, dueMs: number): void {
    const us = msToUs(lagMs);
    recordUs(this.lagInterval, us);
    recordUs(this.lagTotal, us);
    this.lagIntervalUsed = true;
    const w = this.window;
    if (w && dueMs >= w.startMs && dueMs < w.endMs) recordUs(w.lag, us);
  }

  /** Keeps the lag of waits due in [startMs, endMs) apart as well (the load's measured window). */
  measureWindow(startMs: number, endMs: number): void {
    this.window = { startMs, endMs, lag: newHistogram() };
  }

  /** The lag of waits due in the measured window (compressed base64), undefined when none. */
  windowLag(): string | undefined {
    const h = this.window?.lag;
    return h && h.totalCount > 0 ? encodeHistogram(h) : undefined;
  }

  /** Hands over this interval's lag (compressed base64; undefined when nothing waited) and starts the next. */
  rollLag(): string | undefined {
    if (!this.lagIntervalUsed) return undefined;
    const wire = encodeHistogram(this.lagInterval);
    this.lagInterval.reset();
    this.lagIntervalUsed = false;
    return wire;
  }

  /** Lateness of every wait over the queue's life (µs). */
  get totalLag(): Histogram {
    return this.lagTotal;
  }

  /** Runs every waiter now and every later one at once (the load is being aborted). */
  flush(): void {
    this.flushed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedForMs = Infinity;
    while (this.dues.length > 0) this.pop()();
  }

  /** Drops every waiter without running it and stops the timer. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dues.length = 0;
    this.fns.length = 0;
    this.timed.length = 0;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const due = this.dues[0];
    if (due === undefined) {
      this.timer = undefined;
      this.armedForMs = Infinity;
      return;
    }
    this.armedForMs = due;
    // Node's timer becomes a kernel timeout of whole milliseconds counted from when the loop next waits,
    // which is usually right after this: ceil(due − now) lands at or just after the due time. If the
    // loop waits later than that, the timer can fire early; fire() puts back anything still not due.
    // (Aiming at the first whole millisecond of Node's clock after the due time instead saves those
    // wake-ups but measured 0.3 ms more lag at p50 and 0.5 ms more at p90.)
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(due - performance.now())));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedForMs = Infinity;
    this.running = true;
    try {
      let now = performance.now();
      while (this.dues.length > 0) {
        const due = this.dues[0] as number;
        if (due > now) {
          now = performance.now();
          if (due > now) break;
        }
        const counted = this.timed[0] as boolean;
        const fn = this.pop();
        if (counted) this.noteLag(now - due, due);
        fn();
      }
    } finally {
      this.running = false;
      if (!this.flushed) this.arm();
    }
  };

  private push(due: number, fn: () => void, counted: boolean): void {
    const { dues, fns, timed } = this;
    let i = dues.length;
    dues.push(due);
    fns.push(fn);
    timed.push(counted);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((dues[parent] as number) <= due) break;
      dues[i] = dues[parent] as number;
      fns[i] = fns[parent] as () => void;
      timed[i] = timed[parent] as boolean;
      i = parent;
    }
    dues[i] = due;
    fns[i] = fn;
    timed[i] = counted;
  }

  private pop(): () => void {
    const { dues, fns, timed } = this;
    const top = fns[0] as () => void;
    const lastDue = dues.pop() as number;
    const lastFn = fns.pop() as () => void;
    const lastTimed = timed.pop() as boolean;
    const n = dues.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (dues[r] as number) < (dues[l] as number) ? r : l;
        if ((dues[c] as number) >= lastDue) break;
        dues[i] = dues[c] as number;
        fns[i] = fns[c] as () => void;
        timed[i] = timed[c] as boolean;
        i = c;
      }
      dues[i] = lastDue;
      fns[i] = lastFn;
      timed[i] = lastTimed;
    }
    return top;
  }
}
