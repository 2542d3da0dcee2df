import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { FigureUnit } from '../config/figure-catalog.js';
import type { FigureTrend } from '../results/history-record.js';
import { baseOption, cellColor } from './chart-style.js';
import type { ReportChart } from './report-section.js';

/** Chart units: latency and CPU in ms, shares in %, rates per second. */
const AXIS: Readonly<Record<FigureUnit, { name: string; scale: number }>> = {
  'latency-us': { name: 'ms', scale: 1 / 1000 },
  'cpu-us': { name: 'ms CPU', scale: 1 / 1000 },
  fraction: { name: '%', scale: 100 },
  'per-second': { name: '/ s', scale: 1 },
};

/**
 * One figure over the runs of a series, one line per cell (the same colour per cell in every chart);
 * change points as dashed vertical lines at the first run of the new level, labelled with the change;
 * a newest run out of line with its trailing window drawn as a large red point.
 */
export function historyTrendChart(trends: readonly FigureTrend[], cellIds: readonly string[], id: string): ReportChart | undefined {
  const first = trends[0];
  if (!first || trends.every((t) => t.values.length < 2)) return undefined;
  const axis = AXIS[first.unit];
  const series: LineSeriesOption[] = trends.map((t) => {
    const color = cellColor(Math.max(0, cellIds.indexOf(t.cellId)));
    const last = t.values.length - 1;
    const outlier = t.newest.status === 'outlier';
    return {
      type: 'line',
      name: t.cellId,
      data: t.values.map((v, i) => ({
        value: [(t.runIndex[i] as number) + 1, v * axis.scale],
        ...(i === last && outlier ? { symbolSize: 12, itemStyle: { color: t.newest.worse ? '#e15759' : '#59a14f' } } : {}),
      })),
      symbol: 'circle',
      symbolSize: 4,
      lineStyle: { width: 1.6, color },
      itemStyle: { color },
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color, type: 'dashed', width: 1.4 },
        label: { fontSize: 10, formatter: (p: { name?: string }) => p.name ?? '' },
        data: t.changePoints.map((p) => ({ xAxis: p.runIndex + 1, name: `${p.relativeChange >= 0 ? '+' : '−'}${Math.abs(p.relativeChange * 100).toFixed(0)} %` })),
      },
    };
  });
  const caption = `${first.label} per run, one line per cell. Dashed vertical lines: change points (e-divisive means), at the first run of the new level, labelled with the change of the mean. A large point at the end: the newest run out of line with its trailing window (red worse, green better).`;
  const option: EChartsOption = {
    ...baseOption(first.label, `per run of the series (${axis.name})`, caption),
    legend: { top: 46, left: 10, itemWidth: 16, itemGap: 18, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 32, top: 100, bottom: 40, outerBoundsMode: 'none' },
    xAxis: { type: 'value', name: 'run', nameLocation: 'middle', nameGap: 24, minInterval: 1, splitLine: { show: false } },
    yAxis: { type: 'value', name: axis.name, scale: true, splitLine: { lineStyle: { color: '#eeeeee' } } },
    series,
  };
  return { id, title: first.label, caption, option, widthPx: 960, heightPx: 356 };
}
