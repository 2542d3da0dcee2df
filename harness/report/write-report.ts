import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import type { RunResult } from '../results/result-types.js';
import type { SizeResult } from '../results/size-result-types.js';
import { readBalancerConfigs } from './read-balancer-configs.js';
import type { PageHeader } from './report-page-html.js';
import type { ReportSection } from './report-section.js';
import type { RunReportInput } from './run-report-input.js';
import { runSections } from './run-sections.js';
import { sizeSection } from './size-section.js';

export interface WriteReportOptions {
  /** The folder holding each result's result.json, in the order of `results`: files the result names are relative to it. */
  readonly runDirs: readonly string[];
  /** Size results (`mcp-lb-bench size`): a capacity section each, after the runs' own. */
  readonly sizes?: readonly SizeResult[];
  /** Sections of other results (compare, history), placed after the runs' and sizes' own. */
  readonly extraSections?: readonly ReportSection[];
  readonly title?: string;
}

export interface ReportFiles {
  readonly htmlFile: string;
  readonly mdFile: string;
  readonly svgFiles: readonly string[];
  readonly bytes: { readonly html: number; readonly markdown: number; readonly svg: number };
}

/** Folder under the report's folder that holds the charts as SVG files (report.md links to them). */
export const CHARTS_DIR = 'charts';

function defaultTitle(results: readonly (RunResult | SizeResult)[]): string {
  return `mcp-lb-bench report: ${results.map((r) => r.scenario.name).join(', ')}`;
}

function headerLines(results: readonly (RunResult | SizeResult)[]): string[] {
  return results.map((r) => {
    const git = r.tool.gitSha ? `, git ${r.tool.gitSha.slice(0, 12)}${r.tool.gitDirty ? ' (dirty)' : ''}` : '';
    return `${'kind' in r && r.kind === 'size' ? 'Size run' : 'Run'} ${r.runId} · ${r.status} · ${r.startedAt} · ${r.cells.length} cells · ${r.scenario.platform} platform · ${r.tool.name} ${r.tool.version}${git}`;
  });
}

/**
 * Writes report.html (self-contained), report.md and the charts as SVG files into `outDir`.
 * Reads only the balancer configuration files each result names, relative to its run folder.
 */
export async function writeReport(results: readonly RunResult[], outDir: string, options: WriteReportOptions): Promise<ReportFiles> {
  const sizes = options.sizes ?? [];
  if (results.length === 0 && sizes.length === 0) throw new HarnessError('E_USAGE', 'no result to report on', { hint: 'Give at least one result.json or size.json.' });
  if (options.runDirs.length !== results.length) {
    throw new HarnessError('E_USAGE', `writeReport: ${results.length} results but ${options.runDirs.length} run folders`, { hint: 'Pass one run folder per result, in the same order.' });
  }
  const many = results.length > 1;
  const inputs: RunReportInput[] = await Promise.all(
    results.map(async (result, i) => ({
      result,
      configs: await readBalancerConfigs(result, options.runDirs[i] as string),
      idPrefix: many ? `run${i + 1}-` : '',
      titleSuffix: many ? ` — ${result.runId}` : '',
    })),
  );
  const manySizes = sizes.length > 1;
  const sizeSections = sizes.map((r, i) => sizeSection(r, manySizes ? `size${i + 1}-` : '', manySizes ? ` — ${r.runId}` : ''));
  const sections = [...inputs.flatMap(runSections), ...sizeSections, ...(options.extraSections ?? [])];
  return writeSectionsReport({ title: options.title ?? defaultTitle([...results, ...sizes]), lines: headerLines([...results, ...sizes]) }, sections, outDir);
}

/** Writes a report of any sections (a comparison's, a history's) into `outDir`: report.html, report.md, charts. */
export async function writeSectionsReport(header: PageHeader, sections: readonly ReportSection[], outDir: string): Promise<ReportFiles> {
  // ECharts is loaded only when a report is written: commands that import this module do not pay for it.
  const { render } = await import('./render-report.js');
  const page = render(header, sections, CHARTS_DIR);

  const htmlFile = path.join(outDir, 'report.html');
  const mdFile = path.join(outDir, 'report.md');
  const svgFiles: string[] = [];
  let svgBytes = 0;
  for (const chart of page.charts) {
    const file = path.join(outDir, chart.relativePath);
    await writeFileAtomic(file, chart.svg);
    svgFiles.push(file);
    svgBytes += Buffer.byteLength(chart.svg);
  }
  await writeFileAtomic(mdFile, page.markdown);
  await writeFileAtomic(htmlFile, page.html);
  return { htmlFile, mdFile, svgFiles, bytes: { html: Buffer.byteLength(page.html), markdown: Buffer.byteLength(page.markdown), svg: svgBytes } };
}
