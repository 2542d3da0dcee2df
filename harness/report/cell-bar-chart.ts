import type { BarSeriesOption, EChartsOption } from 'echarts';
import { baseOption, CELL_COLORS, labelWidthPx } from './chart-style.js';
import type { CellFigures } from './cell-figures.js';
import type { ReportChart } from './report-section.js';

export interface CellBarChartSpec {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly caption: string;
  readonly figures: readonly CellFigures[];
  /** Stacked: the figures of a cell add up (outcomes, shares); grouped otherwise. */
  readonly stacked: boolean;
  readonly valueDigits: number;
  readonly unit: string;
  readonly max?: number;
  readonly colors?: Readonly<Record<string, string>>;
}

function fmt(v: number, digits: number, unit: string): string {
  return `${v.toFixed(digits)}${unit}`;
}

/** Horizontal bars, one row per cell (long cell ids stay readable), each bar labelled with its value. */
export function cellBarChart(spec: CellBarChartSpec): ReportChart {
  const names = [...new Set(spec.figures.flatMap((c) => c.figures.map((f) => f.name)))];
  const cells = spec.figures.map((c) => c.cellId);
  const series: BarSeriesOption[] = names.map((name, i) => ({
    type: 'bar',
    name,
    ...(spec.stacked ? { stack: 'total' } : {}),
    barMaxWidth: 22,
    itemStyle: { color: spec.colors?.[name] ?? (CELL_COLORS[i % CELL_COLORS.length] as string) },
    label: {
      show: true,
      position: spec.stacked ? 'inside' : 'right',
      fontSize: 10,
      color: spec.stacked ? '#1a1a1a' : '#333',
      formatter: (p: { value: unknown }) => {
        const v = p.value as number | null;
        // A zero segment of a stack has no room; a zero bar alone says "0", so it is not read as missing.
        return v === null || (v === 0 && spec.stacked) ? '' : fmt(v, spec.valueDigits, spec.unit);
      },
    },
    labelLayout: { hideOverlap: true },
    data: spec.figures.map((c) => c.figures.find((f) => f.name === name)?.value ?? null),
  }));
  const rowPx = spec.stacked ? 34 : 14 * names.length + 16;
  const legend = names.length > 1;
  const top = legend ? 78 : 58;
  const option: EChartsOption = {
    ...baseOption(spec.title, spec.subtitle, spec.caption),
    ...(legend ? { legend: { top: 46, left: 10, itemWidth: 16, itemGap: 22, textStyle: { fontSize: 11 } } } : {}),
    grid: { left: 16 + Math.max(...cells.map((c) => labelWidthPx(c, 11))), right: spec.stacked ? 24 : 80, top, bottom: 28, outerBoundsMode: 'none' },
    xAxis: { type: 'value', min: 0, ...(spec.max !== undefined ? { max: spec.max } : {}), splitLine: { lineStyle: { color: '#eeeeee' } } },
    yAxis: { type: 'category', data: cells, inverse: true, axisTick: { show: false }, axisLabel: { fontSize: 11 } },
    series,
  };
  return { id: spec.id, title: spec.title, caption: spec.caption, option, widthPx: 960, heightPx: top + 28 + Math.max(1, cells.length) * rowPx };
}
