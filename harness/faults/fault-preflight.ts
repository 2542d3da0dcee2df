import { netemUnavailableReason, probeNetem } from '../platform/container-netem.js';
import type { ReplicaHandle } from '../platform/platform.js';
import type { FaultTargets } from './fault-context.js';
import { namedReplicas, needsBalancerControl, type FaultSpec } from './fault-spec.js';

const CAPABILITY: Partial<Record<FaultSpec['kind'], ReadonlyArray<keyof ReplicaHandle>>> = {
  'replica-crash': ['kill', 'start'],
  'replica-restart': ['restart'],
  'rolling-restart': ['restart'],
  'replica-hang': ['pause', 'resume'],
  network: ['impairNetwork'],
};

/**
 * What a started topology cannot do of the faults it will be given, one sentence each (empty: all
 * can run). Runs before the load starts, so a cell never measures a fault that was never applied.
 */
export async function faultPreflight(faults: readonly FaultSpec[], targets: FaultTargets): Promise<string[]> {
  const problems: string[] = [];
  const replicas = targets.replicas ?? [];
  const where = `on platform ${targets.platform ?? '?'}`;
  for (const f of faults) {
    // A crash that is not followed by a restart needs no start.
    const caps = (CAPABILITY[f.kind] ?? []).filter((c) => !(f.kind === 'replica-crash' && f.restartAfterMs === undefined && c === 'start'));
    const pool = f.kind === 'rolling-restart' ? replicas : namedReplicas(f).map((id) => replicas.find((r) => r.id === id));
    for (const [i, r] of pool.entries()) {
      if (!r) {
        problems.push(`${f.kind}: no replica "${namedReplicas(f)[i]}" in this topology (it has ${replicas.map((x) => x.id).join(', ')})`);
        continue;
      }
      const missing = caps.filter((c) => typeof r[c] !== 'function');
      if (missing.length > 0) problems.push(`${f.kind}: replica ${r.id} cannot ${missing.join('/')} ${where}`);
    }
    if (f.kind === 'network' && problems.length === 0) {
      const why = netemUnavailableReason(replicas.find((r) => r.id === f.replicas[0])?.pid) ?? (await probeNetem());
      if (why) problems.push(`network: ${why}`);
    }
    if (needsBalancerControl(f)) {
      if (!targets.balancer?.control) problems.push(`${f.kind}: balancer ${targets.balancer?.impl ?? '(none)'} ${where} has no runtime control (HAProxy, nginx and the built-in balancer on platform process have it)`);
      if (f.kind === 'scale-out' && !targets.addReplica) problems.push(`scale-out: this topology cannot add replicas ${where}`);
      if (f.kind === 'scale-in' && !targets.removeReplica) problems.push(`scale-in: this topology cannot remove replicas ${where}`);
    }
  }
  return problems;
}

/** Ids scale-out faults will add to a cell that starts with `replicas` (r<N+1> ...). */
export function spareReplicaIds(faults: readonly FaultSpec[], replicas: number): string[] {
  const extra = faults.reduce((n, f) => n + (f.kind === 'scale-out' ? f.count : 0), 0);
  return Array.from({ length: extra }, (_, i) => `r${replicas + i + 1}`);
}

/** Whether a cell's topology must be started under runtime control (balancer health state, drains, reloads). */
export function needsFaultControl(faults: readonly FaultSpec[]): boolean {
  return faults.some((f) => f.kind !== 'store-outage');
}
