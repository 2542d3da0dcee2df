import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { HarnessError } from '../errors/harness-error.js';
import { mergeExecutorReports, type ExecutorPlan, type MergedExecutorReport } from '../load/executor.js';
import { mergeIntervals, type IntervalWire } from '../metrics/interval-series.js';
import { mergeWires, type MetricsWire } from '../metrics/metrics-wire.js';
import { workerEntry } from '../proc/node-entry.js';
import { warmGeneratorJit } from './jit-warmup.js';
import { runShare, type LiveCounters, type ShareInput, type ShareOutput } from './load-share.js';
import type { CellPlan } from './plan.js';
import type { ThreadHealth } from './thread-health.js';

export interface LoadInput extends Omit<ShareInput, 'share' | 'startAtEpochMs' | 'load' | 'drainTimeoutMs'> {
  /** What the cell plans is what runs: its load, executor plan and drain bound. */
  readonly cell: Pick<CellPlan, 'load' | 'executor' | 'drainTimeoutMs'>;
  /** 0: generate in this thread; N: in N worker threads. */
  readonly workers: number;
  /** Warm each generating thread's JIT before the load (default true; see jit-warmup.ts). */
  readonly jitWarmup?: boolean;
}

export interface LoadResult {
  readonly wire: MetricsWire;
  readonly report: MergedExecutorReport;
  /** One per generating thread. */
  readonly threads: readonly ThreadHealth[];
  readonly intervals: readonly IntervalWire[];
  readonly queued: { readonly count: number; readonly maxWaitMs: number };
  /** performance.now() (this thread) when the load started. */
  readonly startMs: number;
  /** Each thread's generator lag over the measured window (compressed base64). */
  readonly windowLagHdrs: readonly string[];
}

export interface LoadHooks {
  readonly signal: AbortSignal;
  /** Summed live counters of every thread, about once a second. */
  onProgress?(live: LiveCounters): void;
  /** Called when the measured window opens (warm-up over), on the common start's clock. */
  onMeasuredWindow?(): void;
  /** Called once the common start instant is fixed (performance.now() clock of this thread). */
  onStart?(startMs: number): void;
}

const sumLive = (parts: Iterable<LiveCounters>): LiveCounters => {
  const total = { sessionsStarted: 0, sessionsDone: 0, sessionsFailed: 0, requests: 0, failedRequests: 0 };
  for (const l of parts) for (const k of Object.keys(total) as Array<keyof LiveCounters>) total[k] += l[k];
  return total;
};

/**
 * Runs a cell's load on one or more threads and merges what they measured: histograms by bucket
 * sums, counters by addition, intervals by second. Every thread starts on the same instant.
 */
export async function runLoad(input: LoadInput, hooks: LoadHooks): Promise<LoadResult> {
  const shares = Math.max(1, input.workers);
  const intervals: IntervalWire[][] = Array.from({ length: shares }, () => []);
  const live = new Map<number, LiveCounters>();
  const onInterval = (share: number, interval: IntervalWire, counters: LiveCounters): void => {
    intervals[share]?.push(interval);
    live.set(share, counters);
    hooks.onProgress?.(sumLive(live.values()));
  };
  const { workers: _workers, cell, jitWarmup = true, ...rest } = input;
  const plan: ExecutorPlan = cell.executor;
  const shareBase: Omit<ShareInput, 'share' | 'startAtEpochMs'> & { readonly jitWarmup: boolean } = { ...rest, load: cell.load, drainTimeoutMs: cell.drainTimeoutMs, jitWarmup };
  let outputs: ShareOutput[];
  let startMs: number;
  let windowTimer: NodeJS.Timeout | undefined;
  const openWindowAt = (ms: number): void => {
    hooks.onStart?.(ms);
    windowTimer = setTimeout(() => hooks.onMeasuredWindow?.(), Math.max(0, ms + plan.warmupMs - performance.now()));
  };
  try {
    if (input.workers === 0) {
      if (input.jitWarmup !== false) await warmGeneratorJit(input.model, input.scenario);
      startMs = performance.now() + 10;
      openWindowAt(startMs);
      outputs = [await runShare({ ...shareBase, share: { index: 0, count: 1 }, startAtEpochMs: performance.timeOrigin + startMs }, { signal: hooks.signal, onInterval: (i, l) => onInterval(0, i, l) })];
    } else {
      const started = await startWorkers(shareBase, shares, onInterval);
      startMs = performance.now() + 20;
      openWindowAt(startMs);
      outputs = await runWorkers(started, performance.timeOrigin + startMs, hooks.signal);
    }
  } finally {
    clearTimeout(windowTimer);
  }
  return {
    wire: mergeWires(outputs.map((o) => o.wire)),
    report: mergeExecutorReports(outputs.map((o) => o.report), plan),
    threads: outputs.map((o) => o.health),
    intervals: mergeIntervals(intervals),
    queued: { count: outputs.reduce((n, o) => n + o.queued.count, 0), maxWaitMs: Math.max(0, ...outputs.map((o) => o.queued.maxWaitMs)) },
    startMs,
    windowLagHdrs: outputs.flatMap((o) => (o.windowLagHdr === undefined ? [] : [o.windowLagHdr])),
  };
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'interval'; interval: IntervalWire; live: LiveCounters }
  | { type: 'done'; output: ShareOutput }
  | { type: 'error'; message: string };

interface StartedWorker {
  readonly worker: Worker;
  readonly done: Promise<ShareOutput>;
}

async function startWorkers(base: Omit<ShareInput, 'share' | 'startAtEpochMs'> & { readonly jitWarmup: boolean }, count: number, onInterval: (share: number, i: IntervalWire, l: LiveCounters) => void): Promise<StartedWorker[]> {
  const started = Array.from({ length: count }, (_, index) => {
    const entry = workerEntry('run/load-worker');
    const worker = new Worker(entry.url, { workerData: { ...base, share: { index, count }, ...entry.workerData } });
    let resolveReady: () => void = () => undefined;
    const ready = new Promise<void>((r) => (resolveReady = r));
    const done = new Promise<ShareOutput>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') resolveReady();
        else if (m.type === 'interval') onInterval(index, m.interval, m.live);
        else if (m.type === 'done') resolve(m.output);
        else reject(new HarnessError('E_INTERNAL', `load worker ${index} failed: ${m.message}`));
      });
      worker.on('error', (e) => reject(new HarnessError('E_INTERNAL', `load worker ${index} crashed: ${e.message}`, { cause: e })));
      worker.on('exit', (code) => reject(new HarnessError('E_INTERNAL', `load worker ${index} exited (code ${code}) before reporting`)));
    });
    done.catch(() => undefined);
    return { worker, ready: Promise.race([ready, done.then(() => undefined)]), done };
  });
  await Promise.all(started.map((s) => s.ready));
  return started;
}

async function runWorkers(started: StartedWorker[], startAtEpochMs: number, signal: AbortSignal): Promise<ShareOutput[]> {
  const onAbort = (): void => {
    for (const s of started) s.worker.postMessage({ type: 'abort' });
  };
  signal.addEventListener('abort', onAbort, { once: true });
  for (const s of started) s.worker.postMessage({ type: 'go', startAtEpochMs });
  try {
    return await Promise.all(started.map((s) => s.done));
  } finally {
    signal.removeEventListener('abort', onAbort);
    await Promise.all(started.map(async (s) => {
      const exited = once(s.worker, 'exit').catch(() => undefined);
      await s.worker.terminate();
      await exited;
    }));
  }
}
