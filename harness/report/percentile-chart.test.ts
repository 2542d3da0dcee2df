import type { LineSeriesOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { decodeHistogram, newHistogram } from '../metrics/histogram.js';
import { cellColor, needsLogScale } from './chart-style.js';
import { inverseTailLabel, percentileChart } from './percentile-chart.js';
import { percentileCurves, percentileOf, percentilePoints } from './percentile-curves.js';
import { fixtureCell, fixtureRun } from './testing/fixture-runs.js';

const { result } = fixtureRun('headline');

describe('percentile curves from result.json', () => {
  const data = percentileCurves(result.cells);

  it('plots the corrected and uncorrected tool-call spectrum of every cell with successful calls, and names the one without', () => {
    expect(data.withoutData).toEqual(['legacy.round-robin.r3']);
    expect(data.curves.map((c) => `${c.cellId}/${c.kind}`)).toEqual([
      'legacy.sticky-session-id.r3/corrected',
      'legacy.sticky-session-id.r3/uncorrected',
      'stateless.round-robin.r3/corrected',
      'stateless.round-robin.r3/uncorrected',
      'stateless.sticky-session-id.r3/corrected',
      'stateless.sticky-session-id.r3/uncorrected',
    ]);
  });

  it('passes through the summary percentiles of result.json at 1/(1−p) = 2, 10, 100 and ends at the maximum', () => {
    for (const curve of data.curves) {
      const summary = fixtureCell(result, curve.cellId).metrics?.steps.call?.[curve.kind];
      if (!summary) throw new Error('fixture lacks a summary');
      const at = (x: number): number | undefined => curve.points.find((p) => p.inverseTail === x)?.valueUs;
      expect(curve.count).toBe(summary.count);
      expect(at(2)).toBe(summary.p50Us);
      expect(at(10)).toBe(summary.p90Us);
      expect(at(100)).toBe(summary.p99Us);
      const last = curve.points[curve.points.length - 1];
      expect(last).toEqual({ inverseTail: summary.count, percentile: percentileOf(summary.count), valueUs: summary.maxUs });
    }
  });

  it('draws exactly those points, in ms, solid for corrected and dashed for uncorrected, in the cell colour', () => {
    const chart = percentileChart(data);
    const series = chart.option.series as LineSeriesOption[];
    expect(series).toHaveLength(data.curves.length);
    data.curves.forEach((curve, i) => {
      const s = series[i] as LineSeriesOption;
      expect(s.name).toBe(curve.cellId);
      expect(s.data).toEqual(curve.points.map((p) => [p.inverseTail, p.valueUs / 1000]));
      expect(s.lineStyle?.type).toBe(curve.kind === 'corrected' ? 'solid' : 'dashed');
    });
    // Colours follow the cell's place in the matrix (the same in every chart of the report).
    expect(series.map((s) => s.lineStyle?.color)).toEqual([1, 1, 2, 2, 3, 3].map(cellColor));
  });

  it('spans the x axis from 0% to the decade above the largest sample count', () => {
    const xAxis = percentileChart(data).option.xAxis as { type: string; min: number; max: number };
    expect(xAxis).toMatchObject({ type: 'log', min: 1, max: 1000 });
  });
});

describe('percentilePoints', () => {
  it('is empty for an empty histogram and a single point (the value) for one sample', () => {
    expect(percentilePoints(newHistogram())).toEqual([]);
    const h = newHistogram();
    h.recordValue(1234);
    expect(percentilePoints(h)).toEqual([{ inverseTail: 1, percentile: 0, valueUs: h.maxValue }]);
  });

  it('rises monotonically along a strictly increasing x', () => {
    const hdr = fixtureCell(result, 'stateless.round-robin.r3').metrics?.steps.call?.correctedHdr as string;
    const points = percentilePoints(decodeHistogram(hdr));
    for (let i = 1; i < points.length; i++) {
      expect((points[i] as { inverseTail: number }).inverseTail).toBeGreaterThan((points[i - 1] as { inverseTail: number }).inverseTail);
      expect((points[i] as { valueUs: number }).valueUs).toBeGreaterThanOrEqual((points[i - 1] as { valueUs: number }).valueUs);
    }
  });
});

describe('inverseTailLabel', () => {
  it('labels decades of 1/(1−p) as percentiles', () => {
    expect([1, 10, 100, 1000, 10000].map(inverseTailLabel)).toEqual(['0%', '90%', '99%', '99.9%', '99.99%']);
  });
});

describe('latency axis scale', () => {
  it('stays linear for the headline run and goes logarithmic when one tail is over 20× the p90s (store outage)', () => {
    const linear = percentileChart(percentileCurves(result.cells)).option.yAxis as { type: string };
    expect(linear.type).toBe('value');
    const outage = fixtureRun('store-outage').result;
    const log = percentileChart(percentileCurves(outage.cells)).option.yAxis as { type: string; name: string };
    expect(log).toMatchObject({ type: 'log', name: 'latency (ms, log scale: the tail is over 20× the p90)' });
  });

  it('needsLogScale compares the largest value with the median of the typical ones', () => {
    expect(needsLogScale([1, 2, 40], [2, 2, 3])).toBe(false);
    expect(needsLogScale([1, 2, 61], [2, 3, 3])).toBe(true);
    expect(needsLogScale([null, null], [null])).toBe(false);
  });
});
