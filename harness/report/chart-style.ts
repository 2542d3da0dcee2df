import type { EChartsOption } from 'echarts';

/** System fonts only: the report loads nothing, so no web font. */
// Arial-metric fonts first: ECharts measures text without a canvas from an Arial-like width table,
// so labels and legends are laid out for these; other fonts get the slack the layouts leave.
// Single quotes only: ECharts writes the family into a double-quoted style attribute unescaped.
export const CHART_FONT = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** One colour per cell, in matrix order, the same in every chart (Tableau 10: tells 10 series apart, also in greyscale print). */
export const CELL_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

export function cellColor(index: number): string {
  return CELL_COLORS[index % CELL_COLORS.length] as string;
}

/** Outcome colours: the same meaning everywhere (ok green, recovered amber, failed red). */
export const OUTCOME_COLORS = { ok: '#59a14f', recovered: '#edc948', failed: '#e15759' } as const;

export const SHADE_COLORS = { 'warm-up': 'rgba(120, 120, 120, 0.13)', drain: 'rgba(120, 120, 120, 0.13)', fault: 'rgba(225, 87, 89, 0.16)' } as const;

/** What every chart shares: no animation (a static SVG), an accessible description, the title inside the SVG. */
export function baseOption(title: string, subtitle: string, caption: string): EChartsOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    aria: { enabled: true, label: { description: `${title}. ${caption}` } },
    textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#333' },
    title: {
      text: title,
      subtext: subtitle,
      left: 10,
      top: 6,
      textStyle: { fontSize: 14, fontWeight: 'bold', fontFamily: CHART_FONT },
      subtextStyle: { fontSize: 11, color: '#666', fontFamily: CHART_FONT },
    },
  };
}

/** A generous width estimate of a label (wider fonts than Arial, e.g. DejaVu Sans, must still fit). */
export function labelWidthPx(text: string, fontSizePx: number): number {
  return Math.ceil(text.length * fontSizePx * 0.64);
}

/**
 * A latency axis goes logarithmic when its largest value is over 20× the typical one (the median of
 * `typical`): one timeout or warm-up spike would otherwise flatten every other line to the floor.
 */
export function needsLogScale(values: readonly (number | null)[], typical: readonly (number | null)[]): boolean {
  const positive = (xs: readonly (number | null)[]): number[] => xs.filter((v): v is number => v !== null && v > 0).sort((a, b) => a - b);
  const all = positive(values);
  const mid = positive(typical);
  if (all.length === 0 || mid.length === 0) return false;
  const median = mid[Math.floor(mid.length / 2)] as number;
  return (all[all.length - 1] as number) > 20 * median;
}

/** Milliseconds from microseconds, kept to 3 decimals (the histograms hold integer µs). */
export function msFromUs(us: number): number {
  return Math.round(us) / 1000;
}
