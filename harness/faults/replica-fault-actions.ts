import { setTimeout as sleep } from 'node:timers/promises';
import type { BackendAddress } from '../balancers/balancer.js';
import type { ReplicaHandle } from '../platform/platform.js';
import type { NetworkFault, ReplicaCrashFault, ReplicaHangFault, ReplicaRestartFault, RollingRestartFault } from './fault-spec.js';
import type { FaultStep } from './fault-report.js';
import { replicaById, sessionsAtFault, untilBalancerRoutes, type FaultContext, type FaultOutcome } from './fault-context.js';

function need<K extends keyof ReplicaHandle>(r: ReplicaHandle, capability: K, platform: string | undefined): NonNullable<ReplicaHandle[K]> {
  const f = r[capability];
  if (typeof f !== 'function') throw new Error(`replica ${r.id} cannot ${String(capability)} on platform ${platform ?? 'this platform'} (the platform does not control it)`);
  return f.bind(r) as NonNullable<ReplicaHandle[K]>;
}

const wait = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms, undefined, { signal }).catch(() => undefined);

/** SIGKILL each named replica; start it again after `restartAfterMs` when given. */
export async function replicaCrash(f: ReplicaCrashFault, ctx: FaultContext): Promise<FaultOutcome> {
  const { targets, signal } = ctx;
  const rs = f.replicas.map((id) => replicaById(targets, id));
  const kills = rs.map((r) => need(r, 'kill', targets.platform));
  const starts = f.restartAfterMs !== undefined ? rs.map((r) => need(r, 'start', targets.platform)) : [];
  const sessions = await sessionsAtFault(targets, rs);
  await Promise.all(kills.map((k) => k('SIGKILL')));
  if (f.restartAfterMs === undefined) return { target: f.replicas.join(','), servingAtMs: undefined, ...sessions };
  await wait(f.restartAfterMs, signal);
  if (signal.aborted) return { target: f.replicas.join(','), servingAtMs: undefined, ...sessions };
  await Promise.all(starts.map((s) => s(signal)));
  await Promise.all(rs.map((r) => untilBalancerRoutes(targets, r.id, signal)));
  return { target: f.replicas.join(','), servingAtMs: ctx.now(), ...sessions };
}

/** Graceful restart of each named replica (in parallel); serving again once the balancer routes to it. */
export async function replicaRestart(f: ReplicaRestartFault, ctx: FaultContext): Promise<FaultOutcome> {
  const rs = f.replicas.map((id) => replicaById(ctx.targets, id));
  const restarts = rs.map((r) => need(r, 'restart', ctx.targets.platform));
  const sessions = await sessionsAtFault(ctx.targets, rs);
  await Promise.all(restarts.map((restart) => restart(f.graceMs, ctx.signal)));
  await Promise.all(rs.map((r) => untilBalancerRoutes(ctx.targets, r.id, ctx.signal)));
  return { target: f.replicas.join(','), servingAtMs: ctx.now(), ...sessions };
}

/**
 * A deployment: the replicas running when it starts, `maxUnavailable` at a time, each batch restarted
 * gracefully and waited for until the balancer routes to it again, then `intervalMs`, then the next.
 */
export async function rollingRestart(f: RollingRestartFault, ctx: FaultContext): Promise<FaultOutcome> {
  const rs = (ctx.targets.replicas ?? []).filter((r) => r.pid !== 0);
  if (rs.length === 0) throw new Error('no running replica to restart');
  for (const r of rs) need(r, 'restart', ctx.targets.platform);
  const steps: FaultStep[] = [];
  // Per batch, at its restart: the sessions it held, and those open on every replica at that moment.
  let sessionsOnTarget: number | undefined;
  let sessionsOpen: number | undefined;
  for (let i = 0; i < rs.length && !ctx.signal.aborted; i += f.maxUnavailable) {
    const batch = rs.slice(i, i + f.maxUnavailable);
    const at = await sessionsAtFault(ctx.targets, batch);
    if (at.sessionsOnTarget !== undefined) sessionsOnTarget = (sessionsOnTarget ?? 0) + at.sessionsOnTarget;
    if (at.sessionsOpen !== undefined) sessionsOpen = (sessionsOpen ?? 0) + at.sessionsOpen;
    const control = ctx.targets.balancer?.control;
    const done = await Promise.all(
      batch.map(async (r): Promise<FaultStep> => {
        const startedAtMs = ctx.now();
        // A careful deploy takes the replica out of the balancer first; then SIGTERM with a grace.
        const drained = f.drainMs > 0 && control ? await control.drainBackend(r.id, f.drainMs, ctx.signal) : undefined;
        await r.restart!(f.graceMs, ctx.signal);
        if (drained !== undefined) await control!.addBackend(backendOf(r), ctx.signal);
        await untilBalancerRoutes(ctx.targets, r.id, ctx.signal);
        return { target: r.id, startedAtMs, servingAtMs: ctx.now(), ...(drained !== undefined ? { drained } : {}) };
      }),
    );
    steps.push(...done);
    if (i + f.maxUnavailable < rs.length && f.intervalMs > 0) await wait(f.intervalMs, ctx.signal);
  }
  const last = steps.at(-1)?.servingAtMs;
  return { target: rs.map((r) => r.id).join(','), servingAtMs: steps.length === rs.length ? last : undefined, steps, sessionsOnTarget, sessionsOpen };
}

/** The address the balancer knows a replica by (its backend; unchanged across restarts on platform process). */
function backendOf(r: ReplicaHandle): BackendAddress {
  const backend = (r as ReplicaHandle & { backend?: BackendAddress }).backend;
  if (!backend) throw new Error(`replica ${r.id} has no balancer address to put back after its drain`);
  return backend;
}

/** SIGSTOP (docker pause) for `durationMs`, then SIGCONT. */
export async function replicaHang(f: ReplicaHangFault, ctx: FaultContext): Promise<FaultOutcome> {
  const rs = f.replicas.map((id) => replicaById(ctx.targets, id));
  const pauses = rs.map((r) => need(r, 'pause', ctx.targets.platform));
  const resumes = rs.map((r) => need(r, 'resume', ctx.targets.platform));
  const sessions = await sessionsAtFault(ctx.targets, rs);
  try {
    await Promise.all(pauses.map((p) => p()));
    await wait(f.durationMs, ctx.signal);
  } finally {
    // Always thawed, also when the cell stops mid-fault: a frozen replica would not stop gracefully.
    await Promise.all(resumes.map((r) => r()));
  }
  await Promise.all(rs.map((r) => untilBalancerRoutes(ctx.targets, r.id, ctx.signal)));
  return { target: f.replicas.join(','), servingAtMs: ctx.now(), ...sessions };
}

/** Delay / loss on each named replica's network for `durationMs` (docker: tc netem in its namespace). */
export async function networkFault(f: NetworkFault, ctx: FaultContext): Promise<FaultOutcome> {
  const rs = f.replicas.map((id) => replicaById(ctx.targets, id));
  const impairs = rs.map((r) => need(r, 'impairNetwork', ctx.targets.platform));
  const undos = await Promise.all(impairs.map((impair) => impair({ delayMs: f.delayMs, jitterMs: f.jitterMs, lossPct: f.lossPct })));
  try {
    await wait(f.durationMs, ctx.signal);
  } finally {
    await Promise.all(undos.map((u) => u()));
  }
  return { target: f.replicas.join(','), servingAtMs: ctx.now(), mechanism: 'tc netem in the replica’s network namespace (its packets, answers to the balancer included)' };
}
