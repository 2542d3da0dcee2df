import type { LineSeriesOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import type { CellResult } from '../results/result-types.js';
import { perSecondChart } from './per-second-chart.js';
import { perSecondData } from './per-second-data.js';
import { fixtureCell, fixtureRun } from './testing/fixture-runs.js';

function seriesOf(c: CellResult, index: number): Map<string, LineSeriesOption> {
  const d = perSecondData(c, index);
  if (!d) throw new Error('no per-second data');
  const series = perSecondChart(d, 'x').option.series as LineSeriesOption[];
  return new Map(series.map((s) => [s.name as string, s]));
}

/** The plotted y values, with the x each one is drawn at. */
const points = (s: LineSeriesOption | undefined): unknown[] => (s?.data ?? []) as unknown[];

describe('per-second chart against result.json', () => {
  const { result } = fixtureRun('headline');

  it.each(result.cells.map((c, i) => [c.id, c, i] as const))('%s: p50 and p99 per second are the time series values, drawn mid-second', (_id, c, i) => {
    const s = seriesOf(c, i);
    const ts = c.timeSeries ?? [];
    expect(ts.length).toBeGreaterThan(5);
    const ms = (us: number | undefined): number | null => (us === undefined ? null : us / 1000);
    expect(points(s.get('call p99'))).toEqual(ts.map((p) => [p.second + 0.5, ms(p.latency.call?.p99Us)]));
    expect(points(s.get('call p50'))).toEqual(ts.map((p) => [p.second + 0.5, ms(p.latency.call?.p50Us)]));
  });

  it.each(result.cells.map((c, i) => [c.id, c, i] as const))('%s: completed, failed and 404 per second are the time series counts', (_id, c, i) => {
    const s = seriesOf(c, i);
    const ts = c.timeSeries ?? [];
    expect(points(s.get('completed requests'))).toEqual(ts.map((p) => [p.second + 0.5, p.requests]));
    expect(points(s.get('failed requests'))).toEqual(ts.map((p) => [p.second + 0.5, p.failed]));
    expect(points(s.get('HTTP 404 (lost session)'))).toEqual(ts.map((p) => [p.second + 0.5, p.http404]));
  });

  it('leaves gaps (null), not zeros, where no tool call succeeded, and says so on the axis', () => {
    const c = fixtureCell(result, 'legacy.round-robin.r3');
    const d = perSecondData(c, 0);
    expect(d?.p99Ms.every((v) => v === null)).toBe(true);
    const yAxis = perSecondChart(d as NonNullable<typeof d>, 'x').option.yAxis as { name: string }[];
    expect(yAxis[0]?.name).toBe('call latency (ms): no successful call in this cell');
    // Every post-initialize request of this cell was a 404 and failed: 40 of 80 per second.
    expect(d?.http404.slice(2, 7)).toEqual([40, 40, 40, 40, 40]);
  });

  it('shades warm-up and drain where the time series says those phases were', () => {
    const c = fixtureCell(result, 'legacy.sticky-session-id.r3');
    expect(c.timeSeries?.map((p) => p.phase)).toEqual(['warm-up', 'warm-up', 'measured', 'measured', 'measured', 'measured', 'measured', 'drain']);
    expect(perSecondData(c, 1)?.shades).toEqual([
      { kind: 'warm-up', label: 'warm-up', fromS: 0, toS: 2 },
      { kind: 'drain', label: 'drain', fromS: 7, toS: 8 },
    ]);
  });
});

describe('per-second chart of a run with faults', () => {
  const { result } = fixtureRun('store-outage');

  it.each(result.cells.map((c, i) => [c.id, c, i] as const))('%s: shades the fault window from its actual start to its recovery, in each panel', (_id, c, i) => {
    const f = c.faults?.[0];
    if (!f || f.startedAtMs === undefined || f.recoveredAtMs === undefined) throw new Error('fixture fault did not run');
    const d = perSecondData(c, i);
    expect(d?.shades.filter((s) => s.kind === 'fault')).toEqual([{ kind: 'fault', label: 'store-outage (hang)', fromS: f.startedAtMs / 1000, toS: f.recoveredAtMs / 1000 }]);
    const series = perSecondChart(d as NonNullable<typeof d>, 'x').option.series as LineSeriesOption[];
    const shaded = series.filter((s) => s.markArea).map((s) => s.xAxisIndex);
    expect(shaded).toEqual([0, 1, 2]);
    const area = (series[0]?.markArea?.data ?? []) as Array<[{ xAxis: number }, { xAxis: number }]>;
    expect(area.map(([a, b]) => [a.xAxis, b.xAxis])).toContainEqual([f.startedAtMs / 1000, f.recoveredAtMs / 1000]);
  });

  it('plots the latency of the flow\'s key step: handle use for the basket flow', () => {
    const c = fixtureCell(result, 'stateless.round-robin.r3.basket.redis');
    const s = seriesOf(c, 1);
    expect(points(s.get('handle-use p99'))).toEqual((c.timeSeries ?? []).map((p) => [p.second + 0.5, p.latency['handle-use'] ? p.latency['handle-use'].p99Us / 1000 : null]));
  });

  it('shows the failures of the outage in the seconds of its window, and none outside it', () => {
    const c = fixtureCell(result, 'legacy.round-robin.r3.redis');
    const d = perSecondData(c, 0);
    const secondsWithFailures = (d?.seconds ?? []).filter((_s, i) => (d?.failed[i] ?? 0) > 0);
    // The store hung from 5.0 s to 8.0 s; requests failed once the replicas' store timeout passed.
    expect(secondsWithFailures).toEqual([6, 7, 8]);
    expect(d?.failed).toEqual((c.timeSeries ?? []).map((p) => p.failed));
  });
});

describe('per-second latency axis', () => {
  it('stays linear for ordinary seconds and goes logarithmic for a p99 spike over 20× the median p99', () => {
    const { result } = fixtureRun('headline');
    const c = fixtureCell(result, 'legacy.sticky-session-id.r3');
    const d = perSecondData(c, 1);
    if (!d) throw new Error('no data');
    expect((perSecondChart(d, 'x').option.yAxis as { type: string }[])[0]?.type).toBe('value');
    const spiked = { ...d, p99Ms: d.p99Ms.map((v, i) => (i === 3 ? 5000 : v)) };
    expect((perSecondChart(spiked, 'x').option.yAxis as { type: string }[])[0]?.type).toBe('log');
  });
});
