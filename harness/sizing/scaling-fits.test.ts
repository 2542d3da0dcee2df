import { describe, expect, it } from 'vitest';
import { scalingFits } from './scaling-fits.js';
import { uslCapacity } from './usl-fit.js';
import { found, makeCell } from './testing/size-fixtures.js';

const truth = { lambdaPerSec: 100, sigma: 0.04, kappa: 0.01 };
const exact = (n: number): number => uslCapacity(truth, n);

describe('scalingFits', () => {
  it('one fit per model + policy + store, recovering known σ and κ, with a band from more points than parameters', () => {
    const cells = [1, 2, 3, 4, 6].map((n) => makeCell('legacy', 'round-robin', n, found(exact(n)), 'redis'));
    const [fit] = scalingFits(cells, 300);
    expect(fit!.id).toBe('legacy.round-robin.redis');
    expect(fit!.fit!.sigma).toBeCloseTo(0.04, 6);
    expect(fit!.fit!.kappa).toBeCloseTo(0.01, 6);
    expect(fit!.fit!.peakReplicas).toBeCloseTo(Math.sqrt(0.96 / 0.01), 4);
    expect(fit!.band.unavailable).toBeUndefined();
    expect(fit!.curve.map((p) => p.replicas)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(fit!.curve[9]!.lowPerSec).toBeLessThanOrEqual(fit!.curve[9]!.fittedPerSec + 1e-9);
    const needed = fit!.replicasNeeded!;
    expect(needed.reachable).toBe(true);
    // The smallest whole N whose fitted capacity reaches 300/s.
    expect(exact(needed.replicas!)).toBeGreaterThanOrEqual(300);
    expect(exact(needed.replicas! - 1)).toBeLessThan(300);
    expect(fit!.efficiency.find((e) => e.replicas === 3)!.efficiency).toBeCloseTo(exact(3) / 300, 9);
  });

  it('with 3 points for 3 parameters: a fit but no band, and it says why', () => {
    const cells = [1, 2, 3].map((n) => makeCell('stateless', 'round-robin', n, found(100 * n)));
    const [fit] = scalingFits(cells, undefined);
    expect(fit!.fit!.sigma).toBe(0);
    expect(fit!.fit!.kappa).toBe(0);
    expect(fit!.fit!.maxCapacityPerSec).toBeNull();
    expect(fit!.band.unavailable).toBe('3 points for 3 parameters: the fit has no residual error to resample');
    expect(fit!.curve[0]!.lowPerSec).toBeUndefined();
    expect(fit!.replicasNeeded).toBeUndefined();
  });

  it('leaves out cells without a capacity, naming why, and gives no fit under 2 replica counts', () => {
    const cells = [
      makeCell('legacy', 'sticky-session-id', 1, found(80)),
      makeCell('legacy', 'sticky-session-id', 2, { status: 'invalid', capacityPerSec: undefined, lowerBoundPerSec: 150, upperBoundPerSec: 160, limitedBy: 'box', reason: 'the step at 160/s was limited by the box' }),
      makeCell('stateless', 'round-robin', 1, found(50)),
    ];
    const fits = scalingFits(cells, 500);
    expect(fits.map((f) => f.id)).toEqual(['legacy.sticky-session-id', 'stateless.round-robin']);
    expect(fits[0]!.leftOut).toEqual([{ cellId: 'legacy.sticky-session-id.r2', replicas: 2, reason: 'invalid: the step at 160/s was limited by the box' }]);
    expect(fits[0]!.fit).toBeUndefined();
    expect(fits[0]!.unavailable).toBe('a scalability fit needs capacities at 2 or more replica counts (this group has 1)');
  });

  it('a target beyond the curve’s peak is not reachable, with the most it reaches', () => {
    const cells = [1, 2, 3, 4].map((n) => makeCell('legacy', 'round-robin', n, found(exact(n)), 'redis'));
    const [fit] = scalingFits(cells, 5000);
    expect(fit!.replicasNeeded).toMatchObject({ reachable: false, targetPerSec: 5000 });
    expect(fit!.replicasNeeded!.maxCapacityPerSec).toBeCloseTo(uslCapacity(truth, Math.sqrt(0.96 / 0.01)), 3);
  });
});
