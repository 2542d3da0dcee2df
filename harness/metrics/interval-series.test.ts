import { describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram, newHistogram, recordUs } from './histogram.js';
import { mergeIntervals, toPoints, type IntervalWire } from './interval-series.js';

const hdr = (values: number[]): string => {
  const h = newHistogram();
  for (const v of values) recordUs(h, v);
  return encodeHistogram(h);
};
const interval = (second: number, values: number[], requests = values.length, extra: Partial<IntervalWire> = {}): IntervalWire => ({
  second,
  durationMs: 1000,
  requests,
  failed: 0,
  http404: 0,
  sessionsStarted: 0,
  sessionsFailed: 0,
  dropped: 0,
  latencyHdr: { call: hdr(values) },
  ...extra,
});

describe('interval series', () => {
  it('merges the same second from several threads by adding counts and histograms', () => {
    const merged = mergeIntervals([[interval(0, [100, 200]), interval(1, [300])], [interval(0, [400]), interval(2, [500])]]);
    expect(merged.map((m) => m.second)).toEqual([0, 1, 2]);
    expect(merged[0]?.requests).toBe(3);
    expect(decodeHistogram(merged[0]!.latencyHdr.call!).totalCount).toBe(3);
  });

  it('merges dropped starts, the generator lag and the length of the last interval', () => {
    const merged = mergeIntervals([[interval(0, [100], 1, { dropped: 2, lagHdr: hdr([300]) }), interval(1, [100], 1, { durationMs: 400 })], [interval(0, [200], 1, { dropped: 1, lagHdr: hdr([900, 1200]) }), interval(1, [100], 1, { durationMs: 420 })]]);
    expect(merged[0]?.dropped).toBe(3);
    expect(decodeHistogram(merged[0]!.lagHdr!).totalCount).toBe(3);
    expect(merged[1]?.lagHdr).toBeUndefined();
    expect(merged[1]?.durationMs).toBe(420);
    const points = toPoints(merged, 0, 2000);
    expect(points[0]?.generatorLag?.count).toBe(3);
    expect(points[1]?.durationMs).toBe(420);
  });

  it('passes a single thread through untouched', () => {
    const one = [interval(0, [100]), interval(1, [200])];
    expect(mergeIntervals([one, []])).toEqual(one);
  });

  it('labels each second with its phase', () => {
    const points = toPoints([interval(0, [1000]), interval(2, [2000]), interval(5, [3000])], 2000, 5000);
    expect(points.map((p) => p.phase)).toEqual(['warm-up', 'measured', 'drain']);
    expect(points[1]?.latency.call?.count).toBe(1);
  });
});
