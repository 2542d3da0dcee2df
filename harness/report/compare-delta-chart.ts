import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { CellComparison, FigureVerdict } from '../results/run-comparison.js';
import { baseOption, labelWidthPx } from './chart-style.js';
import type { ReportChart } from './report-section.js';

/** Verdict colours, the same in every comparison chart and table. */
export const VERDICT_COLORS: Readonly<Record<FigureVerdict, string>> = {
  regressed: '#e15759',
  improved: '#59a14f',
  unchanged: '#4e79a7',
  'too-noisy': '#edc948',
  'not-measured': '#bab0ac',
};

/** The axis is cut here: an interval from three per-second values can reach +1000 %. */
const AXIS_MIN_PCT = -100;
const AXIS_MAX_PCT = 300;

const clamp = (pct: number): number => Math.min(AXIS_MAX_PCT, Math.max(AXIS_MIN_PCT, pct));

/**
 * One cell's figures as a forest plot: each figure's tested change (point) with its interval (bar),
 * coloured by verdict, over the band of ±minimum effect (inside it nothing is called a change).
 */
export function compareDeltaChart(cell: CellComparison, minEffect: number, id: string): ReportChart | undefined {
  const rows = cell.figures.filter((f) => f.interval !== undefined);
  if (rows.length === 0) return undefined;
  const labels = rows.map((f) => `${f.label} (${f.basis})`);
  const bandPct = minEffect * 100;
  const intervals: LineSeriesOption[] = rows.map((f, r) => ({
    type: 'line',
    name: f.label,
    data: [
      [clamp((f.interval?.low ?? 0) * 100), r],
      [clamp((f.interval?.high ?? 0) * 100), r],
    ],
    symbol: 'none',
    lineStyle: { width: 3, color: VERDICT_COLORS[f.verdict] },
    ...(r === 0
      ? {
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(120, 120, 120, 0.13)' },
            label: { show: true, position: 'insideTop', fontSize: 10, color: '#555', formatter: `±${bandPct.toFixed(0)} %` },
            data: [[{ xAxis: -bandPct }, { xAxis: bandPct }]],
          },
        }
      : {}),
  }));
  const points: LineSeriesOption = {
    type: 'line',
    name: 'tested change',
    data: rows.map((f, r) => ({ value: [clamp((f.interval?.point ?? 0) * 100), r], itemStyle: { color: VERDICT_COLORS[f.verdict] } })),
    symbol: 'circle',
    symbolSize: 9,
    lineStyle: { width: 0, opacity: 0 },
    label: { show: true, position: 'top', fontSize: 10, formatter: (p: { dataIndex: number }) => rows[p.dataIndex]?.verdict.replace('-', ' ') ?? '' },
  };
  const left = 16 + Math.max(...labels.map((l) => labelWidthPx(l, 11)));
  const caption = `Each figure's tested change (candidate vs baseline) with its interval, coloured by verdict: red regressed, green improved, blue unchanged, yellow too noisy. Inside the grey band (±${bandPct.toFixed(0)} %) nothing is called a change. The axis is cut at ${AXIS_MIN_PCT} % and +${AXIS_MAX_PCT} %.`;
  const option: EChartsOption = {
    ...baseOption(cell.cellId, 'change and interval per figure, % of the baseline', caption),
    grid: { left, right: 32, top: 58, bottom: 36, outerBoundsMode: 'none' },
    xAxis: { type: 'value', min: AXIS_MIN_PCT, max: AXIS_MAX_PCT, name: '%', axisLabel: { formatter: '{value} %' }, splitLine: { lineStyle: { color: '#eeeeee' } } },
    yAxis: { type: 'category', data: labels, inverse: true, axisTick: { show: false }, axisLabel: { fontSize: 11 } },
    series: [...intervals, points],
  };
  return { id, title: cell.cellId, caption, option, widthPx: 960, heightPx: 58 + 36 + rows.length * 30 };
}
