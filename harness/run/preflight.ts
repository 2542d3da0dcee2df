import { chooseBalancer } from '../balancers/balancer-registry.js';
import { findExecutable } from '../proc/find-executable.js';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { stateFor } from './cell-state.js';
import { needsRedis } from '../platform/assemble-topology.js';
import type { RunPlan } from './plan.js';

/**
 * Before anything starts: every local tool the cells need must be there (no silent substitution, no
 * run that dies at cell 7 for a missing binary). Containers bring their own balancer and store, and an
 * external deployment has its own, so only the process platform checks host binaries.
 */
export async function preflight(scenario: ResolvedScenario, plan: RunPlan): Promise<void> {
  if (scenario.platform !== 'process') return;
  for (const policy of new Set(plan.cells.map((c) => c.policy))) await chooseBalancer(scenario.balancer.implementation, policy, { tuning: scenario.balancer });
  const redisCells = plan.cells.filter((c) => needsRedis(stateFor(c)));
  if (redisCells.length > 0 && (await findExecutable('redis-server', ['/usr/bin', '/usr/local/bin', '/usr/sbin'])) === undefined) {
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', `${redisCells.length} cell(s) keep state in Redis (matrix.store: redis) but redis-server is not installed`, {
      details: redisCells.map((c) => c.id),
      hint: 'apt-get install redis-server, or remove redis from matrix.store',
    });
  }
}
