import type { EChartsOption, LineSeriesOption } from 'echarts';
import { baseOption, cellColor, msFromUs, needsLogScale } from './chart-style.js';
import type { PercentileCurves } from './percentile-curves.js';
import type { ReportChart } from './report-section.js';

/** Axis label of x = 1/(1−p): 1 → "0%", 10 → "90%", 1000 → "99.9%". */
export function inverseTailLabel(x: number): string {
  if (x <= 1) return '0%';
  const digits = Math.max(0, Math.round(Math.log10(x)) - 2);
  return `${(100 - 100 / x).toFixed(digits)}%`;
}

const CAPTION = 'Further right is rarer: look where each cell’s curve lifts off (its tail), and how far dashed (uncorrected) sits below solid (corrected), which is time requests waited to be sent.';

export function percentileChart(data: PercentileCurves, id = 'latency-percentiles'): ReportChart {
  const maxCount = Math.max(10, ...data.curves.map((c) => c.count));
  const steps = [...new Set(data.curves.map((c) => c.step))].join(', ') || 'call';
  const series: LineSeriesOption[] = data.curves.map((c) => ({
    type: 'line',
    // Both curves of a cell share its name: one legend entry per cell; the line style tells them apart.
    name: c.cellId,
    showSymbol: false,
    lineStyle: { width: c.kind === 'corrected' ? 2 : 1.5, type: c.kind === 'corrected' ? 'solid' : 'dashed', color: cellColor(c.cellIndex) },
    itemStyle: { color: cellColor(c.cellIndex) },
    data: c.points.map((p) => [p.inverseTail, msFromUs(p.valueUs)]),
  }));
  const allMs = data.curves.flatMap((c) => c.points.map((p) => msFromUs(p.valueUs)));
  const p90sMs = data.curves.map((c) => c.points.find((p) => p.inverseTail === 10)?.valueUs).map((us) => (us === undefined ? null : msFromUs(us)));
  const logY = needsLogScale(allMs, p90sMs);
  const legendRows = Math.ceil(new Set(data.curves.map((c) => c.cellId)).size / 3);
  const option: EChartsOption = {
    ...baseOption(
      `Latency by percentile (${steps})`,
      'solid: corrected (from the intended send time)   dashed: uncorrected (from the actual send)',
      CAPTION,
    ),
    // A plain swatch: the line style (solid / dashed) is explained in the subtitle, not by the legend.
    legend: { bottom: 6, left: 'center', icon: 'roundRect', itemWidth: 14, itemHeight: 10, itemGap: 24, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 32, top: 86, bottom: 58 + legendRows * 22 },
    xAxis: {
      type: 'log',
      logBase: 10,
      min: 1,
      max: 10 ** Math.ceil(Math.log10(maxCount)),
      name: 'percentile (1/(1−p) scale)',
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { formatter: (v: number) => inverseTailLabel(v) },
      splitLine: { show: true, lineStyle: { color: '#e6e6e6' } },
      minorTick: { show: true },
    },
    yAxis: {
      ...(logY ? { type: 'log' as const, logBase: 10 } : { type: 'value' as const, min: 0 }),
      name: logY ? 'latency (ms, log scale: the tail is over 20× the p90)' : 'latency (ms)',
      nameTextStyle: { align: 'left' },
      splitLine: { lineStyle: { color: '#e6e6e6' } },
    },
    series,
  };
  return { id, title: `Latency by percentile (${steps})`, caption: CAPTION, option, widthPx: 960, heightPx: 450 + legendRows * 22 };
}
