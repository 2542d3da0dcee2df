/** Where a cell's search starts: below the linear prediction from the rate the same group held at fewer replicas. */
export interface SearchStart {
  readonly ratePerSec: number;
  readonly reason: string;
}

/** Start at this share of the linear prediction: the first step should hold, the next (× growth) break. */
export const PREDICTION_SHARE = 0.7;

/**
 * With N replicas the search starts at N × the per-replica start rate, unless the same model, policy
 * and state already have a capacity at fewer replicas: then at 70 % of that capacity scaled linearly
 * to N, which saves the growth steps far below the answer (scaling is at best linear). Bounded by the
 * search's maximum rate.
 */
export function searchStart(replicas: number, perReplicaStartPerSec: number, maxRatePerSec: number, smaller: readonly { readonly replicas: number; readonly capacityPerSec: number }[]): SearchStart {
  const known = smaller.filter((p) => p.replicas < replicas && p.capacityPerSec > 0);
  if (known.length === 0) {
    const rate = Math.min(maxRatePerSec, perReplicaStartPerSec * replicas);
    return { ratePerSec: rate, reason: `${replicas} × ${perReplicaStartPerSec}/s per replica${rate < perReplicaStartPerSec * replicas ? ` (capped at the maximum ${maxRatePerSec}/s)` : ''}` };
  }
  // `capacityPerSec` may be the highest rate that held in a search without an answer.
  const nearest = known.reduce((a, b) => (b.replicas > a.replicas ? b : a));
  const predicted = (nearest.capacityPerSec * replicas) / nearest.replicas;
  const rate = Math.min(maxRatePerSec, Math.max(perReplicaStartPerSec, round(PREDICTION_SHARE * predicted)));
  return { ratePerSec: rate, reason: `${Math.round(PREDICTION_SHARE * 100)}% of ${round(predicted)}/s: ${round(nearest.capacityPerSec)}/s held at ${nearest.replicas} replica${nearest.replicas > 1 ? 's' : ''}, scaled linearly` };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
