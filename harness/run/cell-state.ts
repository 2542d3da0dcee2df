import { countMisroutes, poolsForCell, type MisrouteCount } from '../balancers/pool-assignment.js';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import type { ReplicaStats } from '../servers/replica-contract.js';
import type { ReplicaStateOptions } from '../servers/replica-state-args.js';
import type { CellPlan } from './plan.js';
import type { StoreReport } from '../results/result-types.js';

export type { StoreReport };

/** Which stores a cell's replicas use: the flow decides what state exists, the store where it lives. */
export function stateFor(cell: Pick<CellPlan, 'model' | 'flow' | 'store'>): ReplicaStateOptions | undefined {
  if (cell.model === 'legacy') return cell.store === 'memory' ? undefined : { sessionStore: cell.store };
  if (cell.flow === 'basket') return { handleStore: cell.store };
  if (cell.flow === 'tasks') return { taskStore: cell.store };
  return undefined;
}


interface StoreCounters {
  ops: number;
  errors: number;
  unavailable: number;
  latencyUs: number;
  roundTrips: number;
}

export function storeCounters(stats: readonly ReplicaStats[]): StoreCounters | undefined {
  const withStore = stats.filter((s) => s.store !== undefined);
  if (withStore.length === 0) return undefined;
  const sum = (f: (s: NonNullable<ReplicaStats['store']>) => number): number => withStore.reduce((n, s) => n + f(s.store!), 0);
  return { ops: sum((s) => s.ops), errors: sum((s) => s.errors), unavailable: sum((s) => s.unavailableResponses), latencyUs: sum((s) => s.latencyUsTotal), roundTrips: sum((s) => s.roundTrips) };
}

export function storeReport(before: StoreCounters | undefined, after: StoreCounters | undefined, windowRequests: number | undefined): StoreReport | undefined {
  if (!after) return undefined;
  const b = before ?? { ops: 0, errors: 0, unavailable: 0, latencyUs: 0, roundTrips: 0 };
  const ops = after.ops - b.ops;
  const trips = after.roundTrips - b.roundTrips;
  return {
    ops,
    opsPerRequest: windowRequests ? ops / windowRequests : undefined,
    errors: after.errors - b.errors,
    unavailableResponses: after.unavailable - b.unavailable,
    meanRoundTripUs: trips > 0 ? (after.latencyUs - b.latencyUs) / trips : undefined,
  };
}

/** route-by-* cells: tool calls served by a replica outside the tool's pool, from the replicas' own counts. */
export function misroutesFor(cell: CellPlan, scenario: ResolvedScenario, stats: readonly ReplicaStats[]): MisrouteCount | undefined {
  const pools = poolsForCell(cell.policy, scenario.balancer.pools, stats.map((s) => s.replicaId));
  if (!pools) return undefined;
  return countMisroutes(pools, stats.map((s) => ({ replicaId: s.replicaId, toolCalls: s.toolCalls ?? {} })));
}
