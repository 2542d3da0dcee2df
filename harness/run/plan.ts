import { cellId, coordinatesOf, matrixCells, scenarioCellId, type MatrixCell } from '../config/matrix-dimensions.js';
import type { LoadSpec, ResolvedScenario } from '../config/resolved-scenario.js';
import { ClosedLoop } from '../load/closed-loop.js';
import { ConstantArrivalRate } from '../load/constant-arrival-rate.js';
import type { Executor, ExecutorPlan } from '../load/executor.js';
import { RampingArrivalRate } from '../load/ramping-arrival-rate.js';
import { sessionTimeBoundMs } from './session-time-bound.js';

/**
 * What one cell runs: its coordinates, the load (the scenario's, or a sizing step's own rate), the
 * executor's printable plan, and the drain bound. The same object is what `plan` prints and what
 * every generating thread executes.
 */
export interface CellPlan extends MatrixCell {
  readonly index: number;
  /** Stable id, e.g. "legacy.round-robin.r3": used for folders and comparisons across runs. */
  readonly id: string;
  readonly load: LoadSpec;
  readonly executor: ExecutorPlan;
  /** Sessions still running this long after the last start are aborted (counted as aborted at drain). */
  readonly drainTimeoutMs: number;
}

export interface RunPlan {
  readonly scenario: string;
  readonly cells: readonly CellPlan[];
  /** Each cell runs this many times, interleaved across cells. */
  readonly repetitions: number;
  /** Load time only (warm-up + measured per cell, times the repetitions); start-up and drain come on top. */
  readonly loadTimeMs: number;
}

export function makeExecutor(load: LoadSpec): Executor {
  switch (load.executor) {
    case 'closed-loop':
      return new ClosedLoop(load);
    case 'ramping-arrival-rate':
      return new RampingArrivalRate(load);
    case 'constant-arrival-rate':
      return new ConstantArrivalRate(load);
  }
}

export { cellId };

/** One cell's plan for a given load (sizing plans each step of its search this way). */
export function planCell(cell: MatrixCell, index: number, load: LoadSpec, scenario: Pick<ResolvedScenario, 'workload' | 'client'>): CellPlan {
  const coords = coordinatesOf(cell);
  return {
    index,
    id: scenarioCellId(coords, scenario.client.profile),
    ...coords,
    load,
    executor: makeExecutor(load).plan(),
    drainTimeoutMs: sessionTimeBoundMs(coords.model, coords.flow, scenario.workload, scenario.client),
  };
}

/** The cells of a run, in execution order: pure, printable with --dry-run. */
export function planRun(scenario: ResolvedScenario): RunPlan {
  const cells = matrixCells(scenario.matrix).map((c, i) => planCell(c, i, scenario.load, scenario));
  const repetitions = Math.max(1, scenario.load.repetitions);
  return { scenario: scenario.name, cells, repetitions, loadTimeMs: repetitions * cells.reduce((ms, c) => ms + c.executor.warmupMs + c.executor.durationMs, 0) };
}
