import { describe, expect, it } from 'vitest';
import { cellCost } from './cell-cost.js';
import type { ResourceSnapshot } from './resource-snapshot.js';

const snap = (atMs: number, cpu: Array<number | undefined>, requests: number[], calls: number[], lb: number | undefined): ResourceSnapshot => ({
  atMs,
  replicaCpuUs: cpu,
  replicaRequests: requests,
  replicaToolCalls: calls,
  balancerCpuUs: lb,
  store: undefined,
});

describe('cellCost', () => {
  it('reports CPU per session, per call and per request, and utilisation, from the window deltas', () => {
    // Two replicas, 10 s window: 900 requests, 500 of them tool calls; sessions of 9 requests each.
    const c = cellCost({
      start: snap(1000, [1_000_000, 2_000_000], [100, 100], [50, 50], 500_000),
      end: snap(11_000, [1_900_000, 2_900_000], [550, 550], [300, 300], 680_000),
      measuredSessions: 100,
      measuredRequests: 900,
      cpuSource: 'cgroup',
    });
    expect(c.windowMs).toBe(10_000);
    expect([c.requests, c.toolCalls, c.requestsPerSession]).toEqual([900, 500, 9]);
    expect(c.replicas).toEqual({ cpuUs: 1_800_000, cores: 0.18, usPerRequest: 2000, usPerCall: 3600, usPerSession: 18_000 });
    expect(c.balancer.usPerSession).toBe(1800);
    expect(c.perReplica).toEqual([
      { cpuUs: 900_000, cores: 0.09, requestsPerSec: 45 },
      { cpuUs: 900_000, cores: 0.09, requestsPerSec: 45 },
    ]);
  });

  it('counts a replica added during the window (scale-out) from zero', () => {
    const c = cellCost({ start: snap(0, [1_000], [10], [5], 0), end: snap(1000, [2_000, 500], [110, 40], [55, 20], 0), measuredSessions: 10, measuredRequests: 140, cpuSource: 'cgroup' });
    expect([c.requests, c.toolCalls, c.replicas.cpuUs]).toEqual([140, 70, 1_500]);
    expect(c.perReplica[1]).toEqual({ cpuUs: 500, cores: 0.0005, requestsPerSec: 40 });
  });

  it('compares unlike models fairly: fewer requests per session can still cost more per request and less per session', () => {
    const legacy = cellCost({ start: snap(0, [0], [0], [0], 0), end: snap(1000, [1913 * 900], [900], [500], 0), measuredSessions: 100, measuredRequests: 900, cpuSource: 'proc' });
    const stateless = cellCost({ start: snap(0, [0], [0], [0], 0), end: snap(1000, [3256 * 500], [500], [500], 0), measuredSessions: 100, measuredRequests: 500, cpuSource: 'proc' });
    expect(stateless.replicas.usPerRequest!).toBeGreaterThan(legacy.replicas.usPerRequest!);
    expect(stateless.replicas.usPerSession!).toBeLessThan(legacy.replicas.usPerSession!);
  });

  it('never invents a figure: unreadable CPU or no sessions leave it undefined', () => {
    const c = cellCost({ start: snap(0, [undefined], [0], [0], undefined), end: snap(1000, [5], [10], [5], undefined), measuredSessions: 0, measuredRequests: 0, cpuSource: 'none' });
    expect(c.replicas).toEqual({ cpuUs: undefined, cores: undefined, usPerRequest: undefined, usPerCall: undefined, usPerSession: undefined });
    expect(c.requestsPerSession).toBeUndefined();
  });
});
