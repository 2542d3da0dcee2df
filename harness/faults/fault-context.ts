import type { StartedBalancer } from '../balancers/balancer.js';
import type { ReplicaHandle, StartedTopology, StoreHandle } from '../platform/platform.js';
import type { FaultStep } from './fault-report.js';

/** What the topology can do to itself (a StartedTopology); a fault whose target is missing fails with the reason. */
export interface FaultTargets {
  readonly store: StoreHandle | undefined;
  readonly platform?: string;
  readonly replicas?: readonly ReplicaHandle[];
  readonly balancer?: Pick<StartedBalancer, 'impl' | 'control'>;
  readonly addReplica?: StartedTopology['addReplica'];
  readonly removeReplica?: StartedTopology['removeReplica'];
  /** Sessions live in a shared store: no replica takes any away, so none are counted on a target. */
  readonly sessionsShared?: boolean;
}

export interface FaultContext {
  readonly targets: FaultTargets;
  readonly signal: AbortSignal;
  /** ms since the load started. */
  now(): number;
  /**
   * Runs a change of the replica set after the ones before it have finished (a scale-in due while a
   * scale-out is still starting its replicas waits for it, as a scaling controller would).
   */
  serialChange<T>(change: () => Promise<T>): Promise<T>;
}

/** What one fault's action observed, beyond its start. */
export interface FaultOutcome {
  /** When the action really began, if it had to wait (a scale step behind another). */
  readonly startedAtMs?: number;
  readonly target: string;
  readonly servingAtMs: number | undefined;
  readonly steps?: readonly FaultStep[];
  readonly mechanism?: string;
  readonly sessionsOnTarget?: number | undefined;
  /** Sessions open on every replica at the same moment (the share the target held). */
  readonly sessionsOpen?: number | undefined;
}

// A replica that came back must pass the balancer's health check within this (HAProxy: rise × inter).
export const BACK_UP_TIMEOUT_MS = 30_000;

export function replicaById(targets: FaultTargets, id: string): ReplicaHandle {
  const r = targets.replicas?.find((x) => x.id === id);
  if (!r) throw new Error(`no replica "${id}" in this topology (it has ${targets.replicas?.map((x) => x.id).join(', ') || 'none'})`);
  return r;
}

/** Legacy replicas report the sessions they hold: read just before a fault, they are the ones it takes away. */
export async function openSessions(replicas: readonly ReplicaHandle[]): Promise<number | undefined> {
  const counts = await Promise.all(replicas.map((r) => (r.pid === 0 ? Promise.resolve(undefined) : r.stats().then((s) => s.sessions?.active, () => undefined))));
  return counts.every((n) => n === undefined) ? undefined : counts.reduce<number>((a, n) => a + (n ?? 0), 0);
}

/** Open sessions on the targets and on every replica, read together just before the fault. */
export async function sessionsAtFault(targets: FaultTargets, hit: readonly ReplicaHandle[]): Promise<Pick<FaultOutcome, 'sessionsOnTarget' | 'sessionsOpen'>> {
  if (targets.sessionsShared) return {};
  const [onTarget, open] = await Promise.all([openSessions(hit), openSessions(targets.replicas ?? [])]);
  return { sessionsOnTarget: onTarget, sessionsOpen: open };
}

/** After a replica is back: waits for the balancer's health check (HAProxy) when it has one under control. */
export async function untilBalancerRoutes(targets: FaultTargets, id: string, signal: AbortSignal): Promise<void> {
  await targets.balancer?.control?.waitBackendUp(id, BACK_UP_TIMEOUT_MS, signal);
}
