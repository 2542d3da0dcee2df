import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultContext, FaultOutcome, FaultTargets } from './fault-context.js';
import type { FaultReport } from './fault-report.js';
import type { FaultSpec } from './fault-spec.js';
import { networkFault, replicaCrash, replicaHang, replicaRestart, rollingRestart } from './replica-fault-actions.js';
import { balancerReload, scaleIn, scaleOut, storeOutage } from './topology-fault-actions.js';

export type { FaultSpec } from './fault-spec.js';
export type { FaultReport } from './fault-report.js';
export type { FaultTargets } from './fault-context.js';

function act(f: FaultSpec, ctx: FaultContext): Promise<FaultOutcome> {
  switch (f.kind) {
    case 'store-outage':
      return storeOutage(f, ctx);
    case 'replica-crash':
      return replicaCrash(f, ctx);
    case 'replica-restart':
      return replicaRestart(f, ctx);
    case 'rolling-restart':
      return rollingRestart(f, ctx);
    case 'replica-hang':
      return replicaHang(f, ctx);
    case 'network':
      return networkFault(f, ctx);
    case 'scale-out':
      return scaleOut(f, ctx);
    case 'scale-in':
      return scaleIn(f, ctx);
    case 'balancer-reload':
      return balancerReload(f, ctx);
  }
}

function baseOf(f: FaultSpec): Pick<FaultReport, 'kind' | 'mode' | 'plannedAtMs'> {
  return { kind: f.kind, ...(f.kind === 'store-outage' ? { mode: f.mode } : {}), plannedAtMs: f.atMs };
}

/**
 * Fires each fault at `loadStartMs + atMs` (performance.now() clock) and reports when it started, what
 * it hit and when the target served again. Never throws: a fault that fails is reported with its
 * reason and the run goes on. Impact (losses, recovery, latency) is added later from the series
 * (attributeFaults), once the load is over.
 */
export async function runFaults(faults: readonly FaultSpec[], targets: FaultTargets, loadStartMs: number, signal: AbortSignal): Promise<FaultReport[]> {
  const now = (): number => performance.now() - loadStartMs;
  let changes: Promise<unknown> = Promise.resolve();
  const serialChange = <T>(change: () => Promise<T>): Promise<T> => {
    const run = changes.then(change, change);
    changes = run.catch(() => undefined);
    return run;
  };
  return Promise.all(
    faults.map(async (f): Promise<FaultReport> => {
      const base = baseOf(f);
      const wait = loadStartMs + f.atMs - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return { ...base, startedAtMs: undefined, recoveredAtMs: undefined, error: 'run stopped before the fault was due' };
      const startedAtMs = now();
      try {
        const o = await act(f, { targets, signal, now, serialChange });
        return {
          ...base,
          target: o.target,
          startedAtMs: o.startedAtMs ?? startedAtMs,
          recoveredAtMs: o.servingAtMs,
          ...(o.sessionsOnTarget !== undefined ? { sessionsOnTarget: o.sessionsOnTarget } : {}),
          ...(o.sessionsOpen !== undefined ? { sessionsOpen: o.sessionsOpen } : {}),
          ...(o.mechanism ? { mechanism: o.mechanism } : {}),
          ...(o.steps ? { steps: o.steps } : {}),
          error: undefined,
        };
      } catch (e) {
        return { ...base, startedAtMs, recoveredAtMs: undefined, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
