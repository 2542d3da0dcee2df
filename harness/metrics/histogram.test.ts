import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram, HISTOGRAM_MAX_US, mergeInto, msToUs, newHistogram, recordUs, summarize } from './histogram.js';

describe('histograms', () => {
  it('records integer microseconds', () => {
    expect(msToUs(1.2345)).toBe(1235);
    expect(msToUs(0)).toBe(1);
  });

  it('merging K recorders gives the same percentiles as recording everything in one', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), { minLength: 1, maxLength: 6 }), (parts) => {
        const merged = newHistogram();
        const single = newHistogram();
        for (const values of parts) {
          const h = newHistogram();
          for (const v of values) {
            recordUs(h, v);
            recordUs(single, v);
          }
          // Through the wire format, as worker threads will send them.
          mergeInto(merged, decodeHistogram(encodeHistogram(h)));
        }
        for (const p of [50, 90, 99, 99.9, 100]) expect(merged.getValueAtPercentile(p)).toBe(single.getValueAtPercentile(p));
        expect(merged.totalCount).toBe(single.totalCount);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps 3 significant digits', () => {
    const h = newHistogram();
    recordUs(h, 123_456);
    const s = summarize(h);
    expect(Math.abs((s?.p50Us ?? 0) - 123_456) / 123_456).toBeLessThan(0.001);
  });

  it('clamps values beyond the range and says so', () => {
    const h = newHistogram();
    expect(recordUs(h, HISTOGRAM_MAX_US * 2)).toBe(false);
    expect(h.totalCount).toBe(1);
  });

  it('has no summary when empty (printed as a dash, never as zero)', () => {
    expect(summarize(newHistogram())).toBeUndefined();
  });
});
