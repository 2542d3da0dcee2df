import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../workload/prng.js';
import { type Limiter, type MeasureStep, type StepOutcome, searchCapacity } from './capacity-search.js';

const base = { startRatePerSec: 50, maxRatePerSec: 10_000, stepDurationMs: 10_000, confirmDurationMs: 60_000 };

/** A target that serves at most `k` sessions/s (at most `kLong` in confirmation-length runs). */
function target(k: number, options: { kLong?: number; limiter?: Limiter; noise?: number; seed?: number } = {}): MeasureStep<null> {
  const random = mulberry32(options.seed ?? 1);
  return async (rate, durationMs): Promise<StepOutcome<null>> => {
    const ceiling = (durationMs === base.confirmDurationMs ? (options.kLong ?? k) : k) * (1 + (options.noise ?? 0) * (2 * random() - 1));
    return rate <= ceiling ? { sloMet: true } : { sloMet: false, limitedBy: options.limiter ?? 'replicas' };
  };
}

describe('searchCapacity', () => {
  it('converges on a target of known capacity K within the default ±5 %, confirmed by longer runs', async () => {
    const K = 437;
    const r = await searchCapacity(target(K), base);
    expect(r.status).toBe('found');
    expect(r.capacityPerSec!).toBeLessThanOrEqual(K);
    expect(r.capacityPerSec!).toBeGreaterThanOrEqual(K / 1.05);
    expect(r.upperBoundPerSec! / r.capacityPerSec!).toBeLessThanOrEqual(1.05 + 1e-9);
    expect(r.limitedBy).toBe('replicas');
    const last = r.steps.slice(-2);
    expect(last.map((s) => s.phase)).toEqual(['confirm', 'confirm-above']);
    expect(last.map((s) => s.durationMs)).toEqual([60_000, 60_000]);
    expect(last[0]!.ratePerSec).toBe(r.capacityPerSec);
    expect(r.steps.length).toBeLessThanOrEqual(16);
  });

  it('honours a finer precision', async () => {
    const r = await searchCapacity(target(437), { ...base, precision: 0.01 });
    expect(r.capacityPerSec!).toBeGreaterThanOrEqual(437 / 1.01);
    expect(r.capacityPerSec!).toBeLessThanOrEqual(437);
  });

  it('converges under ±3 % step-to-step noise (10 seeded runs)', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = await searchCapacity(target(800, { noise: 0.03, seed }), base);
      expect(r.status, `seed ${seed}`).toBe('found');
      expect(r.capacityPerSec!).toBeGreaterThanOrEqual((800 * 0.97) / 1.05 ** 2);
      expect(r.capacityPerSec!).toBeLessThanOrEqual(800 * 1.03);
    }
  });

  it('steps back down when the answer fails its longer confirmation run', async () => {
    const r = await searchCapacity(target(437, { kLong: 380 }), base);
    expect(r.status).toBe('found');
    expect(r.capacityPerSec!).toBeLessThanOrEqual(380);
    expect(r.capacityPerSec!).toBeGreaterThanOrEqual(380 / 1.05);
    const confirms = r.steps.filter((s) => s.phase === 'confirm');
    expect(confirms[0]!.outcome.sloMet).toBe(false);
    expect(confirms.at(-1)!.outcome.sloMet).toBe(true);
  });

  it('moves up when the step above holds in its longer run', async () => {
    const r = await searchCapacity(target(437, { kLong: 470 }), base);
    expect(r.status).toBe('found');
    expect(r.capacityPerSec!).toBeGreaterThan(437);
    expect(r.capacityPerSec!).toBeLessThanOrEqual(470);
  });

  it('a ceiling set by the generator is invalid, never a capacity', async () => {
    const r = await searchCapacity(target(300, { limiter: 'generator' }), base);
    expect(r.status).toBe('invalid');
    expect(r.capacityPerSec).toBeUndefined();
    expect(r.limitedBy).toBe('generator');
    expect(r.reason).toMatch(/limited by the generator/);
    expect((await searchCapacity(target(300, { limiter: 'box' }), base)).status).toBe('invalid');
  });

  it('a ceiling set by the balancer is a capacity, labelled as such', async () => {
    const r = await searchCapacity(target(300, { limiter: 'balancer' }), base);
    expect(r).toMatchObject({ status: 'found', limitedBy: 'balancer' });
  });

  it('a generator-limited step below the answer also invalidates it', async () => {
    const measure: MeasureStep = async (rate) =>
      rate <= 437 ? { sloMet: true, ...(rate < 60 ? { limitedBy: 'generator' as const } : {}) } : { sloMet: false, limitedBy: 'replicas' };
    expect((await searchCapacity(measure, base)).status).toBe('invalid');
  });

  it('steps down from a start rate that already breaks the SLO', async () => {
    const r = await searchCapacity(target(20), { ...base, startRatePerSec: 100 });
    expect(r.status).toBe('found');
    expect(r.capacityPerSec!).toBeGreaterThanOrEqual(20 / 1.05);
    expect(r.capacityPerSec!).toBeLessThanOrEqual(20);
    expect(r.steps.some((s) => s.phase === 'descend')).toBe(true);
  });

  it('reports bounds, not a capacity, when the SLO holds at the maximum or fails at the minimum', async () => {
    const always = await searchCapacity(async () => ({ sloMet: true }), base);
    expect(always).toMatchObject({ status: 'above-maximum', capacityPerSec: undefined, lowerBoundPerSec: 10_000 });
    expect(always.steps.length).toBe(Math.ceil(Math.log2(10_000 / 50)) + 1);
    const never = await searchCapacity(async () => ({ sloMet: false, limitedBy: 'replicas' as const }), base);
    expect(never.status).toBe('below-minimum');
    expect(never.steps.length).toBe(5); // 50, 25, 12.5, 6.25, 3.125 (= 50/16)
  });

  it('the number of steps is bounded even when outcomes are erratic', async () => {
    const random = mulberry32(9);
    const erratic: MeasureStep = async () => ({ sloMet: random() < 0.5, limitedBy: 'replicas' });
    for (let i = 0; i < 20; i++) {
      const r = await searchCapacity(erratic, { ...base, maxSteps: 12 });
      expect(r.steps.length).toBeLessThanOrEqual(12);
    }
  });

  it('reports every step and stops when aborted', async () => {
    const seen: number[] = [];
    const r = await searchCapacity(target(437), { ...base, onStep: (s) => seen.push(s.index) });
    expect(seen).toEqual(r.steps.map((s) => s.index));
    const controller = new AbortController();
    const aborting: MeasureStep = async (rate) => {
      if (rate > 100) controller.abort();
      return { sloMet: true };
    };
    await expect(searchCapacity(aborting, { ...base, signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('rejects nonsense options, naming them', async () => {
    await expect(searchCapacity(target(1), { ...base, growthFactor: 1 })).rejects.toThrow(/growthFactor/);
    await expect(searchCapacity(target(1), { ...base, maxRatePerSec: 10 })).rejects.toThrow(/maxRatePerSec/);
  });
});
