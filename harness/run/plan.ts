import type { BalancerPolicy } from '../balancers/balancer.js';
import type { LoadSpec, MatrixExclusion, ProtocolModelName, ResolvedScenario } from '../config/resolved-scenario.js';
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

function excluded(cell: { model: ProtocolModelName; policy: BalancerPolicy; replicas: number }, rules: readonly MatrixExclusion[]): boolean {
  return rules.some(
    (r) => (r.model === undefined || r.model === cell.model) && (r.policy === undefined || r.policy === cell.policy) && (r.replicas === undefined || r.replicas === cell.replicas),
  );
}

/** The cells of a run, in execution order: pure, printable with --dry-run. */
export function planRun(scenario: ResolvedScenario): RunPlan {
  const executorPlan = makeExecutor(scenario.load).plan();
  const cells: CellPlan[] = [];
  for (const model of scenario.matrix.models) {
    for (const policy of scenario.matrix.policies) {
      for (const replicas of scenario.matrix.replicas) {
        if (excluded({ model, policy, replicas }, scenario.matrix.exclude)) continue;
        cells.push({ index: cells.length, id: `${model}.${policy}.r${replicas}`, model, policy, replicas, executor: executorPlan });
      }
    }
  }
  return { scenario: scenario.name, cells, loadTimeMs: cells.length * (executorPlan.warmupMs + executorPlan.durationMs) };
}
