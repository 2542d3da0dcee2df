import { describe, expect, it } from 'vitest';
import { analyzeHistory } from '../nightly/analyze-history.js';
import { compareRuns } from '../nightly/compare-runs.js';
import { historyLine } from '../results/history-record.js';
import { compareDeltaChart, VERDICT_COLORS } from './compare-delta-chart.js';
import { compareSection } from './compare-section.js';
import { historySection } from './history-section.js';
import { historyTrendChart } from './history-trend-chart.js';
import { renderChartSvg } from './render-chart-svg.js';
import { fixtureRun } from './testing/fixture-runs.js';

const { result } = fixtureRun('headline');

describe('compare report section', () => {
  const slower = structuredClone(result) as typeof result & { cells: { id: string; metrics: { measuredFailedRequests: number } }[] };
  (slower.cells.find((c) => c.id === 'stateless.round-robin.r3') as { metrics: { measuredFailedRequests: number } }).metrics.measuredFailedRequests = 50;
  const comparison = compareRuns(result, slower);
  const cell = comparison.cells.find((c) => c.cellId === 'stateless.round-robin.r3');

  it('draws each tested figure as a point and its interval, coloured by verdict, over the minimum-effect band', () => {
    const chart = cell && compareDeltaChart(cell, 0.05, 'compare-x');
    const series = chart?.option.series as { name: string; data: unknown[]; lineStyle?: { color?: string }; markArea?: { data: unknown } }[];
    const rows = cell?.figures.filter((f) => f.interval !== undefined) ?? [];
    expect(series).toHaveLength(rows.length + 1);
    const errors = rows.findIndex((f) => f.figure === 'errorRate');
    expect(series[errors]?.lineStyle?.color).toBe(VERDICT_COLORS.regressed);
    expect(series[0]?.markArea?.data).toEqual([[{ xAxis: -5 }, { xAxis: 5 }]]);
    // The rate went from 0: its interval is unbounded, drawn to the cut edge of the axis.
    expect(series[errors]?.data).toEqual([[300, errors], [300, errors]]);
    expect(renderChartSvg(chart as NonNullable<typeof chart>)).toMatch(/^<svg/);
  });

  it('tables every figure with both values, the tested change, its basis and the verdict; findings first', () => {
    const section = compareSection(comparison);
    expect(section.charts).toHaveLength(4);
    expect(section.markdown).toMatch(/✗ stateless\.round-robin\.r3 request errors regressed: 0 % → 10 %/);
    expect(section.markdown).toContain("| call p99 | 7.16 ms | 7.16 ms | 0.0 % | 0.0 % | −18.6 % … +22.9 % | per-second, 5 vs 5 | 1.000 | too noisy |");
    expect(section.html).toContain('<h3>stateless.round-robin.r3</h3>');
  });
});

describe('history report section', () => {
  const template = historyLine(result);
  const lines = Array.from({ length: 16 }, (_, i) => ({
    ...template,
    time: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    run: { ...template.run, runId: `n${i}` },
    cells: template.cells.map((c) => (c.figures.callP99 === undefined ? c : { ...c, figures: { ...c.figures, callP99: c.figures.callP99 * (i >= 8 ? 1.3 : 1) * (1 + 0.01 * Math.sin(i)) } })),
  }));
  const analysis = analyzeHistory('h.jsonl', lines, ['line 3: not JSON (cut short?)']);

  it('draws one line per cell and the change points as vertical lines at the first run of the new level', () => {
    const trends = analysis.series[0]?.trends.filter((t) => t.figure === 'callP99') ?? [];
    const chart = historyTrendChart(trends, ['legacy.round-robin.r3', 'legacy.sticky-session-id.r3', 'stateless.round-robin.r3', 'stateless.sticky-session-id.r3'], 'history-callP99');
    const series = chart?.option.series as { name: string; markLine: { data: { xAxis: number; name: string }[] } }[];
    expect(series.map((s) => s.name)).toEqual(['legacy.sticky-session-id.r3', 'stateless.round-robin.r3', 'stateless.sticky-session-id.r3']);
    expect(series.every((s) => s.markLine.data.length === 1 && s.markLine.data[0]?.xAxis === 9 && s.markLine.data[0]?.name === '+30 %')).toBe(true);
    expect(renderChartSvg(chart as NonNullable<typeof chart>)).toMatch(/stroke-dasharray/);
  });

  it('lists the change points for the worse and every trend in a table; skipped lines are named', () => {
    const section = historySection(analysis);
    expect(section.markdown).toMatch(/stateless\.round-robin\.r3 call p99: a change point for the worse at run 9 \(\+30\.\d %\)/);
    expect(section.markdown).toMatch(/\| stateless\.round-robin\.r3 \| call p99 \| 16 \| 7\.16 ms \|/);
    expect(section.markdown).toContain('line 3: not JSON (cut short?): left out');
    expect(section.charts.map((c) => c.id)).toContain('history-callP99');
  });
});
