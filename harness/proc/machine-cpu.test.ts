import { describe, expect, it } from 'vitest';
import { machineCpuBetween, machineCpuSample, parseProcStatCpu } from './machine-cpu.js';

describe('machine CPU from /proc/stat', () => {
  it('counts steal as busy (the hypervisor took it) and leaves idle and iowait out', () => {
    const a = parseProcStatCpu('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n', 2)!;
    const b = parseProcStatCpu('cpu  220 0 100 900 50 0 0 30 0 0\ncpu0 1 2 3 4\n', 2)!;
    expect(a).toEqual({ busyTicks: 150, totalTicks: 1000, stealTicks: 0, cores: 2 });
    // 200 busy ticks (steal 30 of them) out of 300: two thirds of 2 cores.
    const use = machineCpuBetween(a, b)!;
    expect(use.busyFraction).toBeCloseTo(2 / 3, 12);
    expect(use.busyCores).toBeCloseTo(4 / 3, 12);
    expect(use.stealCores).toBeCloseTo(0.2, 12);
  });

  it('says nothing rather than zero for unreadable text or an empty interval', () => {
    expect(parseProcStatCpu('intr 1 2 3\n', 2)).toBeUndefined();
    const a = parseProcStatCpu('cpu  1 1 1 1 0 0 0 0\n', 2);
    expect(machineCpuBetween(a, a)).toBeUndefined();
    expect(machineCpuBetween(undefined, a)).toBeUndefined();
  });

  it('reads this machine', () => {
    const s = machineCpuSample();
    expect(s?.cores).toBeGreaterThan(0);
    expect(s!.totalTicks).toBeGreaterThan(s!.busyTicks);
  });
});
