import type { EChartsOption } from 'echarts';

/**
 * A chart as data: an ECharts option built from a result (pure, unit-tested against result.json),
 * rendered to static SVG only when the report is written.
 */
export interface ReportChart {
  /** File stem of the SVG beside report.md (unique within a report). */
  readonly id: string;
  readonly title: string;
  /** One line: what to look for. */
  readonly caption: string;
  readonly option: EChartsOption;
  readonly widthPx: number;
  readonly heightPx: number;
}

/**
 * One section of a report. Sections are built per result by one module each and know nothing of
 * each other; the page writers put the charts first, then the body (tables, findings).
 * `markdown` and `html` carry the same tables and text.
 */
export interface ReportSection {
  /** Anchor in the HTML page and the table of contents. */
  readonly id: string;
  readonly title: string;
  readonly markdown: string;
  readonly html: string;
  readonly charts: readonly ReportChart[];
}
