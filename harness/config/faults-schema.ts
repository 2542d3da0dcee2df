import { z } from 'zod';
import type { FaultSpec } from '../faults/fault-schedule.js';
import { formatDurationMs } from './durations.js';
import { crossProduct, matchesCell, type MatrixCell } from './matrix-schema.js';
import type { LoadSpec, MatrixSpec, PlatformName } from './resolved-scenario.js';
import { addHintedIssue, durationField } from './schema-fields.js';

/**
 * Faults on each cell's timeline (offsets from the start of its load, warm-up included). Only the
 * shared store's outage exists today; container faults are available to code (harness/faults).
 */
const storeOutage = z
  .strictObject({
    kind: z.literal('store-outage'),
    at: durationField({ positive: false, description: 'When the outage starts, from the start of the cell’s load (warm-up included)' }),
    duration: durationField({ positive: true, description: 'How long the store stays down' }),
    mode: z
      .enum(['hang', 'refuse'])
      .meta({ description: 'hang: the store stops answering (SIGSTOP) and keeps its data; refuse: it is killed and restarted empty.' })
      .prefault('hang'),
  })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, durationMs: f.duration, mode: f.mode }))
  .meta({ description: 'Take the cell’s shared store (Redis; needs matrix.store: redis) down for a while; the failures it causes are counted.' });

export const faultsSchema = z
  .array(z.discriminatedUnion('kind', [storeOutage]))
  .meta({ description: 'Faults injected into every cell, on its load timeline.' })
  .prefault([]);

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
  if (fault.atMs >= endMs) {
    addHintedIssue(ctx, fault.atMs, {
      path: [index, 'at'],
      message: `${fmt(fault.atMs)} is at or after the end of the cell's load (${span})`,
      hint: `faults fire on each cell's load timeline, warm-up included: give an at below ${fmt(endMs)}`,
    });
  } else if (fault.atMs + fault.durationMs > endMs) {
    addHintedIssue(ctx, fault.durationMs, {
      path: [index, 'duration'],
      message: `the outage would last until ${fmt(fault.atMs + fault.durationMs)}, after the cell's load ends (${span})`,
      hint: `shorten it to at most ${fmt(endMs - fault.atMs)} or start it earlier: the cell would wait for the store to come back`,
    });
  }
}

/** A store outage needs a store the harness started, in every cell it applies to (all of them). */
function checkStoreTarget(index: number, platform: PlatformName, matrix: MatrixSpec, ctx: Ctx): void {
  const path = [index, 'kind'];
  if (platform === 'external') {
    addHintedIssue(ctx, 'store-outage', { path, message: 'store-outage cannot run on platform external: the harness did not start the deployment’s store', hint: 'remove the fault, or run the scenario on platform process or docker' });
    return;
  }
  const cells = crossProduct(matrix).filter((c) => !matrix.exclude.some((e) => matchesCell(e, c)));
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

/** Checks the faults against the rest of the scenario (its load timeline, platform and cells); issues at `faults[i]...`. */
export function checkFaults(s: { readonly faults: readonly FaultSpec[]; readonly load: LoadSpec; readonly platform: PlatformName; readonly matrix: MatrixSpec }, ctx: Ctx): void {
  // zod runs this refinement even when a section had problems of its own (then it is left untransformed):
  // cross-check only what came through whole.
  const parts = s as { readonly faults?: readonly Partial<FaultSpec>[]; readonly load?: Partial<LoadSpec>; readonly matrix?: Partial<MatrixSpec> };
  if (!Array.isArray(parts.faults)) return;
  const loadWhole = typeof parts.load?.warmupMs === 'number' && typeof parts.load.durationMs === 'number';
  const matrixWhole = ['models', 'policies', 'replicas', 'flows', 'stores', 'exclude'].every((k) => Array.isArray((parts.matrix as Record<string, unknown> | undefined)?.[k]));
  const faults = prefixed(ctx, 'faults');
  parts.faults.forEach((fault, index) => {
    if (typeof fault.atMs !== 'number' || typeof fault.durationMs !== 'number') return;
    if (loadWhole) checkTiming(fault as FaultSpec, index, s.load, faults);
    if (fault.kind === 'store-outage' && matrixWhole) checkStoreTarget(index, s.platform, s.matrix, faults);
  });
}

/** An issue sink that puts `key` in front of every path, so helpers can speak in terms of the faults list. */
function prefixed(ctx: Ctx, key: string): Ctx {
  return { addIssue: (issue) => ctx.addIssue({ ...issue, path: [key, ...(issue.path ?? [])] }) };
}
