import type { BarSeriesOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { cellCharts } from './cells-section.js';
import { cpuPerSessionFigures, serverCpuUsPerRequest } from './cell-figures.js';
import { cellBarChart } from './cell-bar-chart.js';
import { fixtureRun } from './testing/fixture-runs.js';

const { result } = fixtureRun('headline');
const cells = result.cells;
const charts = new Map(cellCharts(cells, '').map((c) => [c.id, c]));

function series(chartId: string): Map<string, unknown[]> {
  const chart = charts.get(chartId);
  if (!chart) throw new Error(`no chart ${chartId}`);
  return new Map((chart.option.series as BarSeriesOption[]).map((s) => [s.name as string, s.data as unknown[]]));
}

describe('per-cell bar charts against result.json', () => {
  it('one row per cell, in matrix order', () => {
    for (const chart of charts.values()) expect((chart.option.yAxis as { data: string[] }).data).toEqual(cells.map((c) => c.id));
  });

  it('sessions: ok, recovered and failed are the measured session counts', () => {
    const s = series('sessions');
    expect(s.get('ok')).toEqual(cells.map((c) => c.metrics?.sessions.ok));
    expect(s.get('recovered')).toEqual(cells.map((c) => c.metrics?.sessions.recovered));
    expect(s.get('failed')).toEqual(cells.map((c) => c.metrics?.sessions.failed));
    expect(s.get('failed')).toEqual([100, 0, 0, 0]);
  });

  it('404 share: 404s over post-initialize requests, in percent', () => {
    expect(series('http404-share').get('HTTP 404 share (%)')).toEqual(cells.map((c) => ((c.metrics?.http404.count ?? 0) / (c.metrics?.http404.postInitializeRequests ?? 1)) * 100));
    expect(series('http404-share').get('HTTP 404 share (%)')?.[0]).toBe(100);
  });

  it('replica share: each replica\'s own share, one series per replica', () => {
    const s = series('replica-share');
    expect([...s.keys()]).toEqual(['r1', 'r2', 'r3']);
    for (const id of ['r1', 'r2', 'r3']) expect(s.get(id)).toEqual(cells.map((c) => c.replicaReports?.find((r) => r.id === id)?.sharePct));
  });

  it('CPU: server and balancer CPU per logical session, from the cells\' cost', () => {
    const s = series('cpu');
    expect(s.get('server CPU (µs / session)')).toEqual(cells.map((c) => c.cost?.replicas.usPerSession));
    expect(s.get('balancer CPU (µs / session)')).toEqual(cells.map((c) => c.cost?.balancer.usPerSession));
    // This fixture is a version-1 result: the console table printed 2050 / 1919 / 2779 / 2722 µs per request.
    expect(cells.map((c) => Math.round(serverCpuUsPerRequest(c) ?? 0))).toEqual([2050, 1919, 2779, 2722]);
  });

  it('takes any list of named figures per cell: a caller can chart CPU per session instead', () => {
    const perSession = cpuPerSessionFigures(cells).map((c) => ({
      ...c,
      figures: [{ name: 'server CPU (µs / call)', value: cells[c.cellIndex]?.cost?.replicas.usPerRequest }],
    }));
    const chart = cellBarChart({ id: 'cpu-session', title: 't', subtitle: 's', caption: 'c', figures: perSession, stacked: false, valueDigits: 0, unit: ' µs' });
    const data = (chart.option.series as BarSeriesOption[])[0]?.data;
    expect(data).toEqual(perSession.map((c) => c.figures[0]?.value));
    expect((chart.option.series as BarSeriesOption[]).map((x) => x.name)).toEqual(['server CPU (µs / call)']);
  });

  it('draws no bar for a figure the run did not measure', () => {
    const chart = cellBarChart({
      id: 'x', title: 't', subtitle: 's', caption: 'c', stacked: false, valueDigits: 0, unit: '',
      figures: [{ cellIndex: 0, cellId: 'a', figures: [{ name: 'f', value: undefined }] }, { cellIndex: 1, cellId: 'b', figures: [{ name: 'f', value: 0 }] }],
    });
    expect((chart.option.series as BarSeriesOption[])[0]?.data).toEqual([null, 0]);
  });
});
