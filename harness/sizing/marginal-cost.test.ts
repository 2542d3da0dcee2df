import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../workload/prng.js';
import { marginalCost } from './marginal-cost.js';

// A replica set capped at 1.5 cores whose CPU is 0.05 cores idle + 2,500 µs per session.
const costPerSessionUs = 2500;
const idle = 0.05;
const cpuAt = (rate: number) => idle + (rate * costPerSessionUs) / 1e6;

describe('marginalCost', () => {
  it('recovers the per-session and per-call slope, and cross-checks capacity against the cap', () => {
    const rates = [50, 100, 200, 400, 500, 560];
    const steps = rates.map((r) => ({ sessionRatePerSec: r, cpuCores: Math.min(1.5, cpuAt(r)), sloMet: r <= 560 }));
    steps.push({ sessionRatePerSec: 640, cpuCores: 1.5, sloMet: false }); // saturated: left out
    const m = marginalCost({ steps, capacityPerSec: 560, callsPerSession: 5, capCores: 1.5 });
    expect(m.cpuUsPerSession.point).toBeCloseTo(2500, 6);
    expect(m.cpuUsPerCall.point).toBeCloseTo(500, 6);
    expect(m.idleCores.point).toBeCloseTo(0.05, 9);
    expect(m.stepsUsed).toBe(6);
    expect(m.predictedCapacityPerSec.point).toBeCloseTo(600, 6); // 1.5 cores ÷ 2.5 ms
    expect(m.capacityRatio).toBeCloseTo(560 / 600, 9);
    expect(m.averageCpuUsPerSessionAtCapacity).toBeCloseTo((cpuAt(560) / 560) * 1e6, 6);
    expect(m.averageCpuUsPerSessionAtCapacity).toBeGreaterThan(m.cpuUsPerSession.point);
  });

  it('gives an interval that covers the true slope when CPU readings are noisy', () => {
    const r = mulberry32(5);
    const steps = [50, 80, 120, 160, 240, 320, 400, 480].map((rate) => ({
      sessionRatePerSec: rate,
      cpuCores: cpuAt(rate) * (1 + 0.04 * (2 * r() - 1)),
      sloMet: true,
    }));
    const m = marginalCost({ steps, capacityPerSec: 480, callsPerSession: 5, capCores: 1.5 });
    expect(m.cpuUsPerSession.low).toBeLessThan(costPerSessionUs);
    expect(m.cpuUsPerSession.high).toBeGreaterThan(costPerSessionUs);
    expect(m.predictedCapacityPerSec.low).toBeLessThan(m.predictedCapacityPerSec.point);
    expect(m.predictedCapacityPerSec.high).toBeGreaterThan(m.predictedCapacityPerSec.point);
  });

  it('needs two SLO-meeting rates', () => {
    const steps = [{ sessionRatePerSec: 100, cpuCores: 0.3, sloMet: true }, { sessionRatePerSec: 200, cpuCores: 0.6, sloMet: false }];
    expect(() => marginalCost({ steps, capacityPerSec: 100, callsPerSession: 5, capCores: 1 })).toThrow(/2 or more rates/);
  });
});
