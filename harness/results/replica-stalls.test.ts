import { describe, expect, it } from 'vitest';
import type { HistogramSummary } from '../metrics/histogram.js';
import { describeStall, replicaStalls } from './replica-stalls.js';

const s = (p99Us: number, maxUs: number): HistogramSummary => ({ count: 100, minUs: 500, meanUs: p99Us / 2, p50Us: p99Us / 3, p90Us: p99Us / 2, p99Us, p999Us: maxUs, maxUs });

describe('replicaStalls', () => {
  it('names a replica whose slowest answers took seconds while its peers stayed fast', () => {
    const stalls = replicaStalls({ r1: s(8_000, 12_000), r2: s(2_100_000, 2_900_000), r3: s(9_000, 15_000) });
    expect(stalls.map((x) => x.replica)).toEqual(['r2']);
    expect(describeStall('legacy.sticky-session-id.r3', stalls[0]!)).toBe(
      'legacy.sticky-session-id.r3: replica r2 stalled — its slowest answer took 2900 ms (p99 2100 ms) while the other replicas\' p99 was 8.5 ms',
    );
  });

  it('is quiet for a clean cell, a slow but even cell, and a single replica', () => {
    expect(replicaStalls({ r1: s(8_000, 40_000), r2: s(9_000, 60_000), r3: s(7_000, 30_000) })).toEqual([]);
    expect(replicaStalls({ r1: s(900_000, 1_500_000), r2: s(950_000, 1_400_000) })).toEqual([]);
    expect(replicaStalls({ r1: s(8_000, 3_000_000) })).toEqual([]);
  });

  it('needs a stall of at least 250 ms, whatever the ratio', () => {
    expect(replicaStalls({ r1: s(1_000, 2_000), r2: s(100_000, 200_000) })).toEqual([]);
  });
});
