import type { SizeMarginalCost, SizeStep } from '../results/size-result-types.js';
import { marginalCost } from './marginal-cost.js';

export type SearchCost = { readonly cost: SizeMarginalCost; readonly unavailable?: undefined } | { readonly cost?: undefined; readonly unavailable: string };

/**
 * Marginal CPU per session and per call at capacity, from a search's own steps (replica CPU against
 * session rate over the passing steps up to the capacity), and the cross-checks cap ÷ marginal cost
 * (as the issue defines it) and (cap − the line's intercept) ÷ marginal cost.
 * Steps whose generator fell behind did not deliver their rate and are left out.
 */
export function searchCost(steps: readonly SizeStep[], capacityPerSec: number | undefined, callsPerSession: number, capCores: number): SearchCost {
  if (capacityPerSec === undefined) return { unavailable: 'no capacity was found' };
  const usable = steps.filter((s) => s.cpu.replicaCoresTotal !== undefined && s.limitedBy !== 'generator');
  if (usable.length === 0) return { unavailable: 'no step has the replicas’ CPU (not readable on this platform)' };
  try {
    const c = marginalCost({
      steps: usable.map((s) => ({ sessionRatePerSec: s.ratePerSec, cpuCores: s.cpu.replicaCoresTotal as number, sloMet: s.sloMet })),
      capacityPerSec,
      callsPerSession,
      capCores,
    });
    // CPU that does not rise with the rate says the steps' noise (short steps, a busy machine) swamps the cost.
    if (!(c.cpuUsPerSession.point > 0)) return { unavailable: `the replicas' CPU did not rise with the rate over the ${c.stepsUsed} passing steps (slope ${Math.round(c.cpuUsPerSession.point)} µs per session): noise swamps the cost` };
    const net = capCores - c.idleCores.point;
    const predictedNet = net > 0 ? net / (c.cpuUsPerSession.point / 1e6) : undefined;
    return { cost: { ...c, predictedNetCapacityPerSec: predictedNet, netCapacityRatio: predictedNet === undefined ? undefined : capacityPerSec / predictedNet } };
  } catch (e) {
    if (e instanceof RangeError) return { unavailable: e.message };
    throw e;
  }
}
