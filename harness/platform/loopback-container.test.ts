import { describe, expect, it } from 'vitest';
import { LoopbackContainer } from './loopback-container.js';

describe('LoopbackContainer CPU cap', () => {
  it('asks Docker for a CFS quota of cores × period in the period given (not NanoCpus, whose period is fixed)', () => {
    const c = new LoopbackContainer('mcp-lb-bench/replica:test').withCpuCap(0.25, 50_000);
    const host = (c as unknown as { hostConfig: { CpuPeriod?: number; CpuQuota?: number; NanoCpus?: number } }).hostConfig;
    expect([host.CpuPeriod, host.CpuQuota, host.NanoCpus]).toEqual([50_000, 12_500, undefined]);
    // Docker refuses quotas under 1 ms.
    const tiny = new LoopbackContainer('x').withCpuCap(0.001, 100_000) as unknown as { hostConfig: { CpuQuota?: number } };
    expect(tiny.hostConfig.CpuQuota).toBe(1000);
  });
});
