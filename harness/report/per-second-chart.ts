import type { EChartsOption, LineSeriesOption } from 'echarts';
import { baseOption, needsLogScale, SHADE_COLORS } from './chart-style.js';
import type { PerSecondData, Shade } from './per-second-data.js';
import type { ReportChart } from './report-section.js';

const CAPTION = 'Look for p99 spikes, dips in completed requests and bursts of failures, and whether they line up with a red fault window (grey: warm-up and drain, outside the measured figures).';

const COLORS = { p50: '#4e79a7', p99: '#f28e2b', requests: '#59a14f', failed: '#e15759', http404: '#b07aa1' } as const;

function markArea(shades: readonly Shade[], showLabels: boolean): LineSeriesOption['markArea'] {
  return {
    silent: true,
    data: shades.map((s) => [
      { xAxis: s.fromS, name: showLabels ? s.label : '', itemStyle: { color: SHADE_COLORS[s.kind] } },
      { xAxis: s.toS },
    ]),
    label: { show: showLabels, position: 'insideTop', color: '#555', fontSize: 10 },
  };
}

function line(name: string, gridIndex: number, xs: readonly number[], ys: readonly (number | null)[], color: string, dashed = false): LineSeriesOption {
  return {
    type: 'line',
    name,
    xAxisIndex: gridIndex,
    yAxisIndex: gridIndex,
    data: xs.map((x, i) => [x, ys[i] ?? null]),
    connectNulls: false,
    symbol: 'circle',
    symbolSize: 4,
    lineStyle: { width: 1.8, color, type: dashed ? 'dashed' : 'solid' },
    itemStyle: { color },
  };
}

/** Three stacked panels on one time axis: latency, throughput, failures; warm-up, drain and faults shaded in each. */
export function perSecondChart(d: PerSecondData, id: string): ReportChart {
  const grids = [
    { top: 100, height: 130 },
    { top: 262, height: 80 },
    { top: 374, height: 80 },
  ];
    const noLatency = d.p50Ms.every((v) => v === null);
  // p99 is often 10× p50 by nature: only a p99 spike far above the usual p99 earns a log axis.
  const logY = needsLogScale(d.p99Ms, d.p99Ms);
  const latencyName = logY ? `${d.step} latency (ms, log scale: a p99 over 20× its median)` : `${d.step} latency (ms)`;
  const yNames = [noLatency ? `${d.step} latency (ms): no successful ${d.step} in this cell` : latencyName, 'requests / s', 'failures / s'];
  const series: LineSeriesOption[] = [
    { ...line(`${d.step} p50`, 0, d.atS, d.p50Ms, COLORS.p50), markArea: markArea(d.shades, true) },
    line(`${d.step} p99`, 0, d.atS, d.p99Ms, COLORS.p99),
    { ...line('completed requests', 1, d.atS, d.requests, COLORS.requests), markArea: markArea(d.shades, false) },
    { ...line('failed requests', 2, d.atS, d.failed, COLORS.failed), markArea: markArea(d.shades, false) },
    line('HTTP 404 (lost session)', 2, d.atS, d.http404, COLORS.http404, true),
  ];
  const option: EChartsOption = {
    ...baseOption(d.cellId, 'per second since the load started; shaded: warm-up and drain (grey), fault windows (red)', CAPTION),
    legend: { top: 48, left: 10, itemWidth: 18, itemGap: 22, textStyle: { fontSize: 11 } },
    grid: grids.map((g) => ({ left: 64, right: 24, outerBoundsMode: 'none' as const, ...g })),
    xAxis: grids.map((_, i) => ({
      type: 'value' as const,
      gridIndex: i,
      min: 0,
      max: d.endS,
      interval: d.endS > 40 ? 10 : d.endS > 16 ? 5 : 1,
      axisLabel: { show: i === grids.length - 1, formatter: '{value} s' },
      splitLine: { show: true, lineStyle: { color: '#eeeeee' } },
    })),
    yAxis: grids.map((_, i) => ({
      ...(i === 0 && logY ? { type: 'log' as const, logBase: 10 } : { type: 'value' as const, min: 0 }),
      gridIndex: i,
      name: yNames[i],
      nameTextStyle: { align: 'left' as const, fontSize: 11 },
      minInterval: i === 0 ? 0 : 1,
      splitNumber: i === 0 ? 4 : 2,
      splitLine: { lineStyle: { color: '#eeeeee' } },
    })),
    series,
  };
  return { id, title: `Per second: ${d.cellId}`, caption: CAPTION, option, widthPx: 960, heightPx: 490 };
}
