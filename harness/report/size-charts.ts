import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { SizeCellResult, SizeFit } from '../results/size-result-types.js';
import { baseOption, cellColor, msFromUs, needsLogScale } from './chart-style.js';
import type { ReportChart } from './report-section.js';

const CAPACITY_CAPTION = 'Dots: capacities found at the SLO. Line: the Universal Scalability Law fitted to them, shaded by its confidence band where there are more points than parameters. A line that bends over is contention (σ) or coherency (κ) cost.';

/** Capacity against replica count: measured points, the USL curve and its band, one colour per group. */
export function capacityChart(fits: readonly SizeFit[], id: string): ReportChart {
  const series: LineSeriesOption[] = [];
  fits.forEach((f, i) => {
    const color = cellColor(i);
    if (f.curve.length > 0) {
      const banded = f.curve.every((p) => p.lowPerSec !== undefined && p.highPerSec !== undefined);
      if (banded) {
        // A band is two stacked lines: the low edge (invisible), then the band's height filled.
        series.push({ type: 'line', name: `${f.id} band`, stack: `band-${i}`, showSymbol: false, silent: true, lineStyle: { opacity: 0 }, data: f.curve.map((p) => [p.replicas, p.lowPerSec as number]) });
        series.push({ type: 'line', name: `${f.id} band`, stack: `band-${i}`, showSymbol: false, silent: true, lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.15 }, data: f.curve.map((p) => [p.replicas, (p.highPerSec as number) - (p.lowPerSec as number)]) });
      }
      series.push({ type: 'line', name: `${f.id} (USL fit)`, showSymbol: false, lineStyle: { color, width: 1.8, type: 'dashed' }, itemStyle: { color }, data: f.curve.map((p) => [p.replicas, p.fittedPerSec]) });
    }
    series.push({ type: 'line', name: f.id, symbol: 'circle', symbolSize: 9, lineStyle: { opacity: 0 }, itemStyle: { color }, data: f.points.map((p) => [p.replicas, p.capacityPerSec]) });
  });
  const legend = fits.map((f) => f.id);
  const maxN = Math.max(1, ...fits.flatMap((f) => [...f.curve.map((p) => p.replicas), ...f.points.map((p) => p.replicas)]));
  const option: EChartsOption = {
    ...baseOption('Capacity by replica count', 'sessions/s at the SLO, each replica CPU-capped; dashed: USL fit', CAPACITY_CAPTION),
    legend: { data: legend, bottom: 6, left: 'center', itemGap: 24, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 32, top: 80, bottom: 70 },
    xAxis: { type: 'value', min: 0, max: maxN, interval: 1, name: 'replicas', nameLocation: 'middle', nameGap: 26, splitLine: { lineStyle: { color: '#eeeeee' } } },
    yAxis: { type: 'value', min: 0, name: 'sessions / s', nameTextStyle: { align: 'left' }, splitLine: { lineStyle: { color: '#eeeeee' } } },
    series,
  };
  return { id, title: 'Capacity by replica count', caption: CAPACITY_CAPTION, option, widthPx: 960, heightPx: 440 };
}

const STEPS_CAPTION = 'Each dot is one search step: the call p99 (from the intended send time) at the rate it ran; hollow dots broke the SLO. The grey line is the p99 limit: capacity is where a cell’s dots cross it.';

/** p99 against rate over the search steps of one group's cells (one series per replica count), with the SLO's p99 limit. */
export function searchStepsChart(title: string, cells: readonly SizeCellResult[], p99LimitUs: number | undefined, id: string): ReportChart {
  const series: LineSeriesOption[] = cells.map((c, i) => {
    const points = [...c.steps].filter((s) => s.latency !== undefined).sort((a, b) => a.ratePerSec - b.ratePerSec);
    const color = cellColor(i);
    return {
      type: 'line',
      name: c.id,
      symbol: 'circle',
      symbolSize: 8,
      lineStyle: { color, width: 1, opacity: 0.5 },
      itemStyle: { color },
      data: points.map((s) => ({ value: [s.ratePerSec, msFromUs(s.latency!.p99Us)], itemStyle: s.sloMet ? { color } : { color: '#ffffff', borderColor: color, borderWidth: 2 } })),
    };
  });
  const allMs = cells.flatMap((c) => c.steps.flatMap((s) => (s.latency ? [msFromUs(s.latency.p99Us)] : [])));
  const rates = cells.flatMap((c) => c.steps.map((s) => s.ratePerSec));
  if (p99LimitUs !== undefined && rates.length > 0) {
    series.push({ type: 'line', name: 'p99 limit', showSymbol: false, silent: true, lineStyle: { color: '#888888', type: 'dashed', width: 1.5 }, itemStyle: { color: '#888888' }, data: [[0, msFromUs(p99LimitUs)], [Math.max(...rates) * 1.05, msFromUs(p99LimitUs)]] });
  }
  // Overloaded steps run to seconds: past 5× the limit a linear axis would flatten the knee itself.
  const logY = p99LimitUs === undefined ? needsLogScale(allMs, allMs) : Math.max(0, ...allMs) > 5 * msFromUs(p99LimitUs);
  const option: EChartsOption = {
    ...baseOption(title, 'call p99 by step rate; filled: SLO met, hollow: broken', STEPS_CAPTION),
    legend: { bottom: 6, left: 'center', itemGap: 24, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 32, top: 80, bottom: 70 },
    xAxis: { type: 'value', min: 0, name: 'sessions / s', nameLocation: 'middle', nameGap: 26, splitLine: { lineStyle: { color: '#eeeeee' } } },
    yAxis: { ...(logY ? { type: 'log' as const, logBase: 10 } : { type: 'value' as const, min: 0 }), name: logY ? 'call p99 (ms, log scale: overloaded steps reach past 5× the limit)' : 'call p99 (ms)', nameTextStyle: { align: 'left' }, splitLine: { lineStyle: { color: '#eeeeee' } } },
    series,
  };
  return { id, title, caption: STEPS_CAPTION, option, widthPx: 960, heightPx: 420 };
}
