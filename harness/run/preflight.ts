import { chooseBalancer } from '../balancers/balancer-registry.js';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { needsRedis } from '../platform/assemble-topology.js';
import { REDIS_SEARCH_DIRS } from '../platform/redis-process.js';
import { findExecutable } from '../proc/find-executable.js';
import type { ErrorInfo } from '../results/result-types.js';
import { stateFor } from './cell-state.js';
import { errorInfo } from './error-info.js';
import type { CellPlan, RunPlan } from './plan.js';

/** Cells that cannot run on this machine or platform, by cell index, with the reason. */
export type NotRunnable = ReadonlyMap<number, ErrorInfo>;

/**
 * Before anything starts: which cells can run here (no silent substitution, no run that dies at cell 7
 * for a missing binary). Each cell needs a balancer that can express its policy on the scenario's
 * platform and, on the process platform, a redis-server when its state lives in Redis. A cell that
 * cannot run is reported with the reason (a "not run" row); the run goes on with the others.
 */
export async function preflight(scenario: ResolvedScenario, plan: RunPlan): Promise<NotRunnable> {
  const out = new Map<number, ErrorInfo>();
  const byPolicy = new Map<string, ErrorInfo | undefined>();
  for (const policy of new Set(plan.cells.map((c) => c.policy))) {
    try {
      await chooseBalancer(scenario.balancer.implementation, policy, { tuning: scenario.balancer, platform: scenario.platform });
      byPolicy.set(policy, undefined);
    } catch (e) {
      byPolicy.set(policy, errorInfo(e));
    }
  }
  const redisMissing = scenario.platform === 'process' && plan.cells.some((c) => needsRedis(stateFor(c))) && (await findExecutable('redis-server', REDIS_SEARCH_DIRS)) === undefined;
  for (const cell of plan.cells) {
    const balancer = byPolicy.get(cell.policy);
    if (balancer) out.set(cell.index, balancer);
    else if (redisMissing && needsRedis(stateFor(cell))) out.set(cell.index, redisMissingInfo(cell));
  }
  return out;
}

function redisMissingInfo(cell: CellPlan): ErrorInfo {
  return {
    code: 'E_PLATFORM_UNAVAILABLE',
    message: `cell ${cell.id} keeps state in Redis (matrix.store: redis) but redis-server is not installed`,
    hint: 'apt-get install redis-server, or remove redis from matrix.store',
  };
}
