import { describe, expect, it } from 'vitest';
import { processCpuMicros, schedstatCpuMicros, tickCpuMicros } from './proc-stat.js';

/** Burns `ms` of this process's CPU time (not wall time: the machine may be busy). */
function burn(ms: number): void {
  const t = process.cpuUsage();
  const used = (): number => { const d = process.cpuUsage(t); return d.user + d.system; };
  while (used() < ms * 1000) Math.sqrt(Math.random());
}

describe('process CPU time', () => {
  it('reads this process at sub-millisecond resolution, agreeing with the 10 ms tick count', () => {
    const a = schedstatCpuMicros(process.pid);
    expect(a).toBeDefined();
    burn(30);
    const b = schedstatCpuMicros(process.pid)!;
    // Sub-tick resolution: a value that is not a multiple of 10 ms.
    expect(b % 10_000).not.toBe(0);
    expect(b - a!).toBeGreaterThan(25_000);
    const ticks = tickCpuMicros(process.pid)!;
    // Both count the same CPU; ticks lag by at most a few ticks per thread.
    expect(Math.abs(ticks - b)).toBeLessThan(200_000);
    expect(processCpuMicros(process.pid)).toBeGreaterThanOrEqual(b);
  });

  it('is undefined for a process that does not exist', () => {
    expect(processCpuMicros(2 ** 22 + 17)).toBeUndefined();
  });
});
