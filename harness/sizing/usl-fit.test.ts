import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../workload/prng.js';
import { fitUsl, uslCapacity } from './usl-fit.js';
import { replicasNeeded, uslBand } from './usl-predict.js';

const truth = { lambdaPerSec: 450, sigma: 0.05, kappa: 0.002 };
const counts = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16];
const exactPoints = (p = truth, ns = counts) => ns.map((replicas) => ({ replicas, capacityPerSec: uslCapacity(p, replicas) }));

function noisy(points: ReturnType<typeof exactPoints>, relative: number, seed: number) {
  const r = mulberry32(seed);
  return points.map((p) => ({ ...p, capacityPerSec: p.capacityPerSec * (1 + relative * (2 * r() - 1)) }));
}

describe('fitUsl', () => {
  it('recovers known λ, σ, κ from exact points, with the peak N* = √((1 − σ)/κ)', () => {
    const fit = fitUsl(exactPoints());
    expect(fit.lambdaPerSec).toBeCloseTo(450, 6);
    expect(fit.sigma).toBeCloseTo(0.05, 9);
    expect(fit.kappa).toBeCloseTo(0.002, 9);
    expect(fit.peakReplicas).toBeCloseTo(Math.sqrt(0.95 / 0.002), 6);
    expect(fit.rSquared).toBeCloseTo(1, 12);
    expect(fit.degreesOfFreedom).toBe(7);
  });

  it('recovers them within tolerance from points with ±2 % noise', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const fit = fitUsl(noisy(exactPoints(), 0.02, seed));
      expect(fit.lambdaPerSec / 450).toBeGreaterThan(0.95);
      expect(fit.lambdaPerSec / 450).toBeLessThan(1.05);
      expect(Math.abs(fit.sigma - 0.05)).toBeLessThan(0.03);
      expect(Math.abs(fit.kappa - 0.002)).toBeLessThan(0.0008);
      expect(fit.residualsPerSec).toHaveLength(counts.length);
    }
  });

  it('κ = 0: no coherency cost, no peak, capacity approaches λ/σ', () => {
    const p = { lambdaPerSec: 200, sigma: 0.1, kappa: 0 };
    const fit = fitUsl(exactPoints(p, [1, 2, 3, 4, 6, 8]));
    expect(fit.kappa).toBe(0);
    expect(fit.sigma).toBeCloseTo(0.1, 9);
    expect(fit.peakReplicas).toBeUndefined();
    expect(fit.maxCapacityPerSec).toBeCloseTo(2000, 6);
  });

  it('linear scaling (σ = κ = 0) fits as such', () => {
    const fit = fitUsl(exactPoints({ lambdaPerSec: 300, sigma: 0, kappa: 0 }, [1, 2, 3]));
    expect(fit.lambdaPerSec).toBeCloseTo(300, 6);
    expect(fit.sigma).toBe(0);
    expect(fit.kappa).toBe(0);
    expect(fit.maxCapacityPerSec).toBe(Number.POSITIVE_INFINITY);
  });

  it('capacity falling from one replica on (σ = 1): the peak is one replica at λ, never 0/0', () => {
    // Seen on a busy machine: 56.6/s at one replica, 31.7 and 35.0 at two and three.
    const fit = fitUsl([{ replicas: 1, capacityPerSec: 56.6 }, { replicas: 2, capacityPerSec: 31.7 }, { replicas: 3, capacityPerSec: 35 }]);
    expect(fit.peakReplicas).toBe(1);
    expect(Number.isFinite(fit.maxCapacityPerSec)).toBe(true);
    expect(fit.maxCapacityPerSec).toBeCloseTo(fit.lambdaPerSec, 6);
    const need = replicasNeeded(fit, 500);
    expect(need.reachable).toBe(false);
    if (!need.reachable) expect(need.reason).not.toMatch(/NaN|Infinity|∞/);
  });

  it('rejects too few or nonsensical points, naming the field', () => {
    expect(() => fitUsl([{ replicas: 1, capacityPerSec: 100 }])).toThrow(/2 or more/);
    expect(() => fitUsl([{ replicas: 1, capacityPerSec: 100 }, { replicas: 2, capacityPerSec: 0 }])).toThrow(/points\[1\]\.capacityPerSec/);
    expect(() => fitUsl([{ replicas: 2, capacityPerSec: 100 }, { replicas: 2, capacityPerSec: 110 }])).toThrow(/different replica counts/);
  });
});

describe('replicasNeeded', () => {
  const fit = fitUsl(exactPoints());

  it('is the smallest whole count whose predicted capacity reaches the target', () => {
    const target = 1500;
    const r = replicasNeeded(fit, target);
    expect(r.reachable).toBe(true);
    if (!r.reachable) return;
    expect(uslCapacity(truth, r.replicas)).toBeGreaterThanOrEqual(target);
    expect(uslCapacity(truth, r.replicas - 1)).toBeLessThan(target);
  });

  it('a target above the peak says "not reachable" with the curve’s maximum', () => {
    const r = replicasNeeded(fit, 5000);
    expect(r.reachable).toBe(false);
    if (r.reachable) return;
    expect(r.maxCapacityPerSec).toBeCloseTo(uslCapacity(truth, Math.sqrt(0.95 / 0.002)), 3);
    expect(r.reason).toMatch(/peaks at 21\.8 replicas/);
  });

  it('κ = 0: closed form, and a target at or above λ/σ is not reachable', () => {
    const k0 = fitUsl(exactPoints({ lambdaPerSec: 200, sigma: 0.1, kappa: 0 }, [1, 2, 3, 4, 6, 8]));
    const r = replicasNeeded(k0, 1000);
    expect(r).toMatchObject({ reachable: true, replicas: 9 }); // X(9) = 1800/1.8 = 1000
    expect(replicasNeeded(k0, 2000).reachable).toBe(false);
  });

  it('linear scaling needs ⌈T/λ⌉', () => {
    const lin = fitUsl(exactPoints({ lambdaPerSec: 300, sigma: 0, kappa: 0 }, [1, 2, 3]));
    expect(replicasNeeded(lin, 1000)).toMatchObject({ reachable: true, replicas: 4 });
  });
});

describe('uslBand', () => {
  it('brackets the fit and the true curve for noisy points, and is reproducible', () => {
    const pts = noisy(exactPoints(), 0.02, 9);
    const fit = fitUsl(pts);
    const band = uslBand(pts, fit, [4, 16, 24]);
    expect(uslBand(pts, fit, [4, 16, 24])).toEqual(band);
    for (const b of band.points!) {
      expect(b.lowPerSec).toBeLessThan(b.fittedPerSec);
      expect(b.highPerSec).toBeGreaterThan(b.fittedPerSec);
      expect(b.lowPerSec).toBeLessThan(uslCapacity(truth, b.replicas));
      expect(b.highPerSec).toBeGreaterThan(uslCapacity(truth, b.replicas));
    }
    // Extrapolation is less certain than interpolation.
    const width = (i: number) => (band.points![i]!.highPerSec - band.points![i]!.lowPerSec) / band.points![i]!.fittedPerSec;
    expect(width(2)).toBeGreaterThan(width(0));
  }, 30_000);

  it('three points for three parameters: no band, and why', () => {
    const pts = exactPoints(truth, [1, 2, 3]);
    const band = uslBand(pts, fitUsl(pts), [4]);
    expect(band.points).toBeUndefined();
    expect(band.unavailable).toMatch(/3 points for 3 parameters/);
  });
});
