import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { encodeHistogram, newHistogram, recordUs } from '../metrics/histogram.js';
import type { IntervalWire } from '../metrics/interval-series.js';
import { renderHlog } from './hlog-writer.js';

const interval = (second: number, durationMs: number): IntervalWire => {
  const h = newHistogram();
  recordUs(h, 1500);
  return { second, durationMs, requests: 1, failed: 0, http404: 0, sessionsStarted: 0, sessionsFailed: 0, dropped: 0, latencyHdr: { call: encodeHistogram(h) } };
};

describe('renderHlog', () => {
  it('says what latency is measured from: the intended send time, or for a closed loop the actual one', () => {
    const open = renderHlog([interval(0, 1000)], 1_700_000_000_000, 'cell', 'intended-send-time');
    const closed = renderHlog([interval(0, 1000)], 1_700_000_000_000, 'cell', 'actual-send-time');
    expect(open).toMatch(/intended send time/);
    expect(closed).not.toMatch(/intended send time/);
    expect(closed).toMatch(/actual send time/);
  });

  it('gives the last, shorter interval its real length', () => {
    const log = renderHlog([interval(0, 1000), interval(1, 1000), interval(2, 350)], 1_700_000_000_000, 'cell', 'intended-send-time');
    const reader = new hdr.HistogramLogReader(log);
    const lengths: number[] = [];
    for (let h = reader.nextIntervalHistogram(); h; h = reader.nextIntervalHistogram()) lengths.push(h.endTimeStampMsec - h.startTimeStampMsec);
    expect(lengths).toEqual([1000, 1000, 350]);
  });
});
