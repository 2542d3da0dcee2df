import { setTimeout as sleep } from 'node:timers/promises';
import type { StoreHandle } from '../platform/platform.js';

/** A fault on the cell's timeline, offset from the start of the load (warm-up included). */
export interface FaultSpec {
  readonly kind: 'store-outage';
  readonly atMs: number;
  readonly durationMs: number;
  /** hang: the store stops answering (SIGSTOP); refuse: it is killed and restarted empty. */
  readonly mode: 'hang' | 'refuse';
}

/** What the topology can do to itself (a StartedTopology); a fault whose target is missing fails with a clear error. */
export interface FaultTargets {
  readonly store: StoreHandle | undefined;
}

export interface FaultReport {
  readonly kind: FaultSpec['kind'];
  readonly mode: FaultSpec['mode'];
  /** Planned and actual start, ms after the load started. */
  readonly plannedAtMs: number;
  readonly startedAtMs: number | undefined;
  /** When the target was serving again, ms after the load started. */
  readonly recoveredAtMs: number | undefined;
  readonly error: string | undefined;
}

/**
 * Fires each fault at `loadStartMs + atMs` (performance.now() clock) and reports when it started and
 * when the target recovered. Never throws: a fault that fails is reported, and the run goes on.
 */
export async function runFaults(faults: readonly FaultSpec[], targets: FaultTargets, loadStartMs: number, signal: AbortSignal): Promise<FaultReport[]> {
  return Promise.all(
    faults.map(async (f): Promise<FaultReport> => {
      const base = { kind: f.kind, mode: f.mode, plannedAtMs: f.atMs };
      const wait = loadStartMs + f.atMs - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return { ...base, startedAtMs: undefined, recoveredAtMs: undefined, error: 'run stopped before the fault was due' };
      const startedAtMs = performance.now() - loadStartMs;
      try {
        if (!targets.store) throw new Error('this topology has no shared store to take down (set matrix.store: redis)');
        await targets.store.outage(f.mode, f.durationMs, signal);
        return { ...base, startedAtMs, recoveredAtMs: performance.now() - loadStartMs, error: undefined };
      } catch (e) {
        return { ...base, startedAtMs, recoveredAtMs: undefined, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
