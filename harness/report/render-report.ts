import { HarnessError } from '../errors/harness-error.js';
import { renderChartSvg } from './render-chart-svg.js';
import { reportHtml, type PageHeader } from './report-page-html.js';
import { reportMarkdown } from './report-page-markdown.js';
import type { ReportSection } from './report-section.js';

export interface RenderedReport {
  readonly html: string;
  readonly markdown: string;
  readonly charts: readonly { readonly id: string; readonly relativePath: string; readonly svg: string }[];
}

/** A chart id as a file name: letters, digits, dot, dash and underscore only. */
export function chartFileName(id: string): string {
  return `${id.replace(/[^\w.-]+/g, '-')}.svg`;
}

/** Renders every chart once, then both pages from the same sections (no file is written here). */
export function render(header: PageHeader, sections: readonly ReportSection[], chartsDir: string): RenderedReport {
  const charts: { id: string; relativePath: string; svg: string }[] = [];
  const files = new Set<string>();
  for (const chart of sections.flatMap((s) => s.charts)) {
    const relativePath = `${chartsDir}/${chartFileName(chart.id)}`;
    if (files.has(relativePath)) throw new HarnessError('E_INTERNAL', `two report charts would share the file ${relativePath}`, { hint: 'Give each section a distinct id prefix.' });
    files.add(relativePath);
    charts.push({ id: chart.id, relativePath, svg: renderChartSvg(chart) });
  }
  const svgById = new Map(charts.map((c) => [c.id, c.svg]));
  const pathById = new Map(charts.map((c) => [c.id, c.relativePath]));
  return { html: reportHtml(header, sections, svgById), markdown: reportMarkdown(header, sections, (id) => pathById.get(id) ?? ''), charts };
}
