import type { SizeCellResult, SizeFit, SizeFitCurvePoint } from '../results/size-result-types.js';
import { fitUsl, type UslFit, type UslPoint } from './usl-fit.js';
import { replicasNeeded, uslBand } from './usl-predict.js';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function groupId(c: Pick<SizeCellResult, 'model' | 'policy' | 'flow' | 'store'>): string {
  return [c.model, c.policy, ...(c.flow !== 'tools' ? [c.flow] : []), ...(c.store !== 'memory' ? [c.store] : [])].join('.');
}

/** Replica counts the curve is drawn at: 1 .. three times the largest measured (at least 8). */
function curveCounts(points: readonly UslPoint[]): number[] {
  const top = Math.max(8, 3 * Math.max(...points.map((p) => p.replicas)));
  return Array.from({ length: top }, (_, i) => i + 1);
}

function fitted(points: readonly UslPoint[], targetPerSec: number | undefined): Pick<SizeFit, 'fit' | 'band' | 'curve' | 'replicasNeeded'> {
  const fit: UslFit = fitUsl(points);
  const counts = curveCounts(points);
  const band = uslBand(points, fit, counts);
  const curve: SizeFitCurvePoint[] = band.points
    ? band.points.map((b) => ({ replicas: b.replicas, fittedPerSec: b.fittedPerSec, lowPerSec: b.lowPerSec, highPerSec: b.highPerSec }))
    : counts.map((n) => ({ replicas: n, fittedPerSec: (fit.lambdaPerSec * n) / (1 + fit.sigma * (n - 1) + fit.kappa * n * (n - 1)) }));
  const needed = targetPerSec === undefined ? undefined : replicasNeeded(fit, targetPerSec);
  return {
    fit: {
      lambdaPerSec: fit.lambdaPerSec,
      sigma: fit.sigma,
      kappa: fit.kappa,
      rSquared: fit.rSquared,
      residualsPerSec: fit.residualsPerSec,
      degreesOfFreedom: fit.degreesOfFreedom,
      peakReplicas: fit.peakReplicas,
      maxCapacityPerSec: finiteOrNull(fit.maxCapacityPerSec),
    },
    band: { confidence: band.confidence, ...(band.unavailable ? { unavailable: band.unavailable } : {}) },
    curve,
    replicasNeeded:
      needed === undefined
        ? undefined
        : needed.reachable
          ? { targetPerSec: targetPerSec as number, reachable: true, replicas: needed.replicas, predictedCapacityPerSec: needed.predictedCapacityPerSec }
          : { targetPerSec: targetPerSec as number, reachable: false, maxCapacityPerSec: finiteOrNull(needed.maxCapacityPerSec), reason: needed.reason },
  };
}

/**
 * Capacity over replica counts per model + policy + flow + store: the Universal Scalability Law fit
 * (λ, σ, κ, with a residual-bootstrap band when there are more points than parameters), the fitted
 * curve past the largest count measured, the scaling efficiency measured, and the replicas needed
 * for the target rate. Cells without a capacity (invalid, above the maximum, failed) are left out
 * and named.
 */
export function scalingFits(cells: readonly SizeCellResult[], targetPerSec: number | undefined): SizeFit[] {
  const groups = new Map<string, SizeCellResult[]>();
  for (const c of cells) {
    const id = groupId(c);
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  return [...groups.entries()].map(([id, members]) => {
    const first = members[0] as SizeCellResult;
    const points = members.flatMap((c) => (c.search?.status === 'found' && c.search.capacityPerSec !== undefined ? [{ replicas: c.replicas, capacityPerSec: c.search.capacityPerSec, cellId: c.id }] : []));
    const leftOut = members
      .filter((c) => !points.some((p) => p.cellId === c.id))
      .map((c) => ({ cellId: c.id, replicas: c.replicas, reason: c.search ? `${c.search.status}: ${c.search.reason}` : `${c.status}${c.error ? `: ${c.error.message}` : ''}` }));
    const smallest = points.reduce<(typeof points)[number] | undefined>((a, p) => (a === undefined || p.replicas < a.replicas ? p : a), undefined);
    const efficiency = smallest ? points.map((p) => ({ replicas: p.replicas, efficiency: p.capacityPerSec / ((smallest.capacityPerSec / smallest.replicas) * p.replicas) })) : [];
    const base = { id, model: first.model, policy: first.policy, flow: first.flow, store: first.store, points, leftOut, efficiency };
    const counts = new Set(points.map((p) => p.replicas)).size;
    if (counts < 2) {
      return { ...base, unavailable: `a scalability fit needs capacities at 2 or more replica counts (this group has ${counts})`, band: { confidence: 0.95, unavailable: 'no fit' }, curve: [] };
    }
    return { ...base, ...fitted(points, targetPerSec) };
  });
}
