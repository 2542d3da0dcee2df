import { describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram, newHistogram, recordUs } from './histogram.js';
import { mergeIntervals, toPoints, type IntervalWire } from './interval-series.js';

const interval = (second: number, values: number[], requests = values.length): IntervalWire => {
  const h = newHistogram();
  for (const v of values) recordUs(h, v);
  return { second, requests, failed: 0, http404: 0, sessionsStarted: 0, sessionsFailed: 0, latencyHdr: { call: encodeHistogram(h) } };
};

describe('interval series', () => {
  it('merges the same second from several threads by adding counts and histograms', () => {
    const merged = mergeIntervals([[interval(0, [100, 200]), interval(1, [300])], [interval(0, [400]), interval(2, [500])]]);
    expect(merged.map((m) => m.second)).toEqual([0, 1, 2]);
    expect(merged[0]?.requests).toBe(3);
    expect(decodeHistogram(merged[0]!.latencyHdr.call!).totalCount).toBe(3);
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
