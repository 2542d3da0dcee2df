import type { BalancerReloadFault, ScaleInFault, ScaleOutFault, StoreOutageFault } from './fault-spec.js';
import type { FaultStep } from './fault-report.js';
import { sessionsAtFault, type FaultContext, type FaultOutcome } from './fault-context.js';

export async function storeOutage(f: StoreOutageFault, ctx: FaultContext): Promise<FaultOutcome> {
  if (!ctx.targets.store) throw new Error('this topology has no shared store to take down (set matrix.store: redis)');
  await ctx.targets.store.outage(f.mode, f.durationMs, ctx.signal);
  return { target: 'store', servingAtMs: ctx.now() };
}

function control(ctx: FaultContext, what: string) {
  const c = ctx.targets.balancer?.control;
  if (!c) throw new Error(`balancer ${ctx.targets.balancer?.impl ?? '(none)'} on platform ${ctx.targets.platform ?? '?'} has no runtime control, so it cannot ${what}`);
  return c;
}

/** Starts `count` more replicas (in parallel); each is serving once the balancer routes to it. */
export async function scaleOut(f: ScaleOutFault, ctx: FaultContext): Promise<FaultOutcome> {
  const c = control(ctx, 'learn about new replicas');
  const add = ctx.targets.addReplica;
  if (!add) throw new Error('this topology cannot add replicas at run time (platform or balancer without scale support)');
  return ctx.serialChange(async () => {
    const began = ctx.now();
    const steps = await Promise.all(
      Array.from({ length: f.count }, async (): Promise<FaultStep> => {
        const startedAtMs = ctx.now();
        const r = await add(ctx.signal);
        return { target: r.id, startedAtMs, servingAtMs: ctx.now() };
      }),
    );
    return { startedAtMs: began, target: `+${f.count} (${steps.map((s) => s.target).join(',')})`, servingAtMs: ctx.now(), steps, mechanism: c.mechanism };
  });
}

/** Drains and stops the `count` highest-numbered running replicas (in parallel). */
export async function scaleIn(f: ScaleInFault, ctx: FaultContext): Promise<FaultOutcome> {
  const c = control(ctx, 'drain replicas');
  const remove = ctx.targets.removeReplica;
  if (!remove) throw new Error('this topology cannot remove replicas at run time (platform or balancer without scale support)');
  return ctx.serialChange(async () => {
    const began = ctx.now();
    const running = (ctx.targets.replicas ?? []).filter((r) => r.pid !== 0);
    if (running.length <= f.count) throw new Error(`scale-in of ${f.count} would leave no replica (${running.length} running)`);
    const leaving = running.slice(-f.count);
    const sessions = await sessionsAtFault(ctx.targets, leaving);
    const steps = await Promise.all(
      leaving.map(async (r): Promise<FaultStep> => {
        const startedAtMs = ctx.now();
        const { drained } = await remove(r.id, f.drainMs, f.graceMs, ctx.signal);
        return { target: r.id, startedAtMs, servingAtMs: undefined, drained };
      }),
    );
    return { startedAtMs: began, target: `-${f.count} (${leaving.map((r) => r.id).join(',')})`, servingAtMs: ctx.now(), steps, mechanism: c.mechanism, ...sessions };
  });
}

export async function balancerReload(_f: BalancerReloadFault, ctx: FaultContext): Promise<FaultOutcome> {
  const c = control(ctx, 'reload');
  await c.reload(ctx.signal);
  return { target: 'balancer', servingAtMs: ctx.now(), mechanism: c.mechanism };
}
