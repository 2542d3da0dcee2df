import { namedReplicas, needsBalancerControl, plannedSpanMs, type FaultSpec } from '../faults/fault-spec.js';
import { formatDurationMs } from './durations.js';
import { crossProduct, matchesCell, type MatrixCell } from './matrix-schema.js';
import type { LoadSpec, MatrixSpec, PlatformName } from './resolved-scenario.js';
import { addHintedIssue } from './schema-fields.js';

/**
 * Whether a cell's replicas keep state in the shared store, i.e. whether the cell starts one (Redis):
 * legacy sessions, stateless handles (basket) and tasks do; stateless tool calls keep no state at all.
 * The same rule as run/cell-state.ts `stateFor` with `needsRedis` (a test holds them together).
 */
export function usesSharedStore(cell: MatrixCell): boolean {
  return cell.store === 'redis' && (cell.model === 'legacy' || cell.flow !== 'tools');
}

type Ctx = Parameters<typeof addHintedIssue>[0];
const fmt = formatDurationMs;

/** A fault must fall inside the cell's load: one due later would hold the cell open, waiting for it. */
function checkTiming(fault: FaultSpec, index: number, load: LoadSpec, ctx: Ctx): void {
  const endMs = load.warmupMs + load.durationMs;
  const span = `${fmt(load.warmupMs)} warm-up + ${fmt(load.durationMs)} measured = ${fmt(endMs)}`;
  const lastsMs = plannedSpanMs(fault);
  if (fault.atMs >= endMs) {
    addHintedIssue(ctx, fault.atMs, {
      path: [index, 'at'],
      message: `${fmt(fault.atMs)} is at or after the end of the cell's load (${span})`,
      hint: `faults fire on each cell's load timeline, warm-up included: give an at below ${fmt(endMs)}`,
    });
  } else if (fault.atMs + lastsMs > endMs) {
    const what = fault.kind === 'store-outage' ? 'the outage would last' : fault.kind === 'replica-crash' ? 'the crashed replicas would stay down' : 'the fault would last';
    addHintedIssue(ctx, lastsMs, {
      path: [index, 'duration'],
      message: `${what} until ${fmt(fault.atMs + lastsMs)}, after the cell's load ends (${span})`,
      hint: `shorten it to at most ${fmt(endMs - fault.atMs)} or start it earlier: the cell would wait for ${fault.kind === 'store-outage' ? 'the store' : 'the target'} to come back`,
    });
  }
}

/** A store outage needs a store the harness started, in every cell it applies to (all of them). */
function checkStoreTarget(index: number, platform: PlatformName, cells: readonly MatrixCell[], ctx: Ctx): void {
  const path = [index, 'kind'];
  if (platform === 'external') {
    addHintedIssue(ctx, 'store-outage', { path, message: 'store-outage cannot run on platform external: the harness did not start the deployment’s store', hint: 'remove the fault, or run the scenario on platform process or docker' });
    return;
  }
  const inMemory = cells.filter((c) => c.store !== 'redis').length;
  const stateless = cells.filter((c) => c.store === 'redis' && !usesSharedStore(c)).length;
  const of = `of the ${cells.length} cells`;
  if (inMemory > 0) {
    addHintedIssue(ctx, 'store-outage', {
      path,
      message: `store-outage takes down the shared store, but ${inMemory} ${of} keep their state in memory and have none`,
      hint: 'set matrix.store: redis, or leave those cells out with matrix.exclude: [{ store: memory }]',
    });
  }
  if (stateless > 0) {
    addHintedIssue(ctx, 'store-outage', {
      path,
      message: `store-outage takes down the shared store, but ${stateless} ${of} (model stateless, flow tools) keep no state, so no store is started for them`,
      hint: 'leave them out with matrix.exclude: [{ model: stateless, flow: tools }], as scenarios/store-outage.yaml does',
    });
  }
}

/** Replica and balancer faults need a topology the harness controls, with the named replicas in it. */
function checkTopologyTarget(fault: FaultSpec, index: number, s: FaultCheckInput, cells: readonly MatrixCell[], replicasBefore: (c: MatrixCell) => number, ctx: Ctx): void {
  const path = [index, 'kind'];
  if (s.platform === 'external') {
    addHintedIssue(ctx, fault.kind, { path, message: `${fault.kind} cannot run on platform external: the harness does not control the deployment’s replicas or balancer`, hint: 'remove the fault, or run the scenario on platform process or docker' });
    return;
  }
  if (fault.kind === 'network' && s.platform !== 'docker') {
    addHintedIssue(ctx, fault.kind, {
      path,
      message: 'network faults need platform docker: on platform process every replica shares the loopback interface, so netem there would delay every hop of the cell, not one replica’s',
      hint: 'set platform: docker (the fault runs tc netem in the replica container’s network namespace), or remove the fault',
    });
  }
  if (needsBalancerControl(fault)) {
    if (s.platform === 'docker') {
      addHintedIssue(ctx, fault.kind, {
        path,
        message: `${fault.kind} is not available on platform docker yet: the balancer containers are started without runtime control (no stats socket or reload hook)`,
        hint: 'run it on platform process (HAProxy runtime API, nginx reload, the built-in balancer’s table), or remove the fault',
      });
    }
  }
  const ids = namedReplicas(fault);
  const too = cells.filter((c) => ids.some((id) => Number(id.slice(1)) > replicasBefore(c)));
  if (too.length > 0) {
    const c = too[0]!;
    addHintedIssue(ctx, ids, {
      path: [index, 'replicas'],
      message: `${ids.join(', ')}: ${too.length} of the ${cells.length} cells have fewer replicas when the fault fires (e.g. ${replicasBefore(c)} in the cell with replicas: ${c.replicas})`,
      hint: 'name replicas every cell has (r1 ... rN for the smallest matrix.replicas), or leave the smaller cells out with matrix.exclude',
    });
  }
  if (fault.kind === 'scale-in') {
    const left = cells.filter((c) => replicasBefore(c) - fault.count < 1);
    if (left.length > 0) {
      addHintedIssue(ctx, fault.count, { path: [index, 'count'], message: `scale-in of ${fault.count} would leave no replica in ${left.length} of the ${cells.length} cells`, hint: 'remove fewer replicas than the cell has at that time' });
    }
  }
}

export interface FaultCheckInput {
  readonly faults: readonly FaultSpec[];
  readonly load: LoadSpec;
  readonly platform: PlatformName;
  readonly matrix: MatrixSpec;
}

/** Checks the faults against the rest of the scenario (its load timeline, platform and cells); issues at `faults[i]...`. */
export function checkFaults(raw: FaultCheckInput, ctx: Ctx): void {
  // zod runs this refinement even when a section had problems of its own (then it is left untransformed):
  // cross-check only what came through whole.
  const parts = raw as { readonly faults?: readonly Partial<FaultSpec>[]; readonly load?: Partial<LoadSpec>; readonly matrix?: Partial<MatrixSpec> };
  if (!Array.isArray(parts.faults)) return;
  const loadWhole = typeof parts.load?.warmupMs === 'number' && typeof parts.load.durationMs === 'number';
  const matrixWhole = ['models', 'policies', 'replicas', 'flows', 'stores', 'exclude'].every((k) => Array.isArray((parts.matrix as Record<string, unknown> | undefined)?.[k]));
  const s = raw;
  const cells = matrixWhole ? crossProduct(s.matrix).filter((c) => !s.matrix.exclude.some((e) => matchesCell(e, c))) : [];
  const faults = prefixed(ctx, 'faults');
  const whole = parts.faults.filter((f) => typeof f.atMs === 'number') as FaultSpec[];
  parts.faults.forEach((partial, index) => {
    if (typeof partial.atMs !== 'number') return;
    const fault = partial as FaultSpec;
    if (loadWhole) checkTiming(fault, index, s.load, faults);
    if (!matrixWhole) return;
    if (fault.kind === 'store-outage') checkStoreTarget(index, s.platform, cells, faults);
    // Replicas a cell has when this fault fires: its own, plus scale-outs and less scale-ins due earlier.
    const replicasBefore = (c: MatrixCell): number => whole.filter((g) => g.atMs < fault.atMs).reduce((n, g) => n + (g.kind === 'scale-out' ? g.count : g.kind === 'scale-in' ? -g.count : 0), c.replicas);
    if (fault.kind !== 'store-outage') checkTopologyTarget(fault, index, s, cells, replicasBefore, faults);
  });
}

/** An issue sink that puts `key` in front of every path, so helpers can speak in terms of the faults list. */
function prefixed(ctx: Ctx, key: string): Ctx {
  return { addIssue: (issue) => ctx.addIssue({ ...issue, path: [key, ...(issue.path ?? [])] }) };
}
