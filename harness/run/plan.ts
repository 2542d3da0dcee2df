import type { BalancerPolicy } from '../balancers/balancer.js';
import { crossProduct, matchesCell } from '../config/matrix-schema.js';
import type { FlowName, LoadSpec, ProtocolModelName, ResolvedScenario, StoreName } from '../config/resolved-scenario.js';
import { ClosedLoop } from '../load/closed-loop.js';
import { ConstantArrivalRate } from '../load/constant-arrival-rate.js';
import type { Executor, ExecutorPlan } from '../load/executor.js';
import { RampingArrivalRate } from '../load/ramping-arrival-rate.js';

export interface CellPlan {
  readonly index: number;
  /** Stable id, e.g. "legacy.round-robin.r3": used for folders and comparisons across runs. */
  readonly id: string;
  readonly model: ProtocolModelName;
  readonly policy: BalancerPolicy;
  readonly replicas: number;
  readonly flow: FlowName;
  readonly store: StoreName;
  readonly executor: ExecutorPlan;
}

export interface RunPlan {
  readonly scenario: string;
  readonly cells: readonly CellPlan[];
  /** Load time only (warm-up + measured per cell); start-up and drain come on top. */
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

/** e.g. "legacy.round-robin.r3", "stateless.round-robin.r3.basket.redis": defaults (tools, memory) are left out. */
export function cellId(c: { model: string; policy: string; replicas: number; flow: FlowName; store: StoreName }): string {
  return [c.model, c.policy, `r${c.replicas}`, ...(c.flow === 'tools' ? [] : [c.flow]), ...(c.store === 'memory' ? [] : [c.store])].join('.');
}

/** The cells of a run, in execution order: pure, printable with --dry-run. */
export function planRun(scenario: ResolvedScenario): RunPlan {
  const executorPlan = makeExecutor(scenario.load).plan();
  const cells: CellPlan[] = [];
  for (const c of crossProduct(scenario.matrix)) {
    if (scenario.matrix.exclude.some((e) => matchesCell(e, c))) continue;
    cells.push({ index: cells.length, id: cellId(c), ...c, executor: executorPlan });
  }
  return { scenario: scenario.name, cells, loadTimeMs: cells.length * (executorPlan.warmupMs + executorPlan.durationMs) };
}
