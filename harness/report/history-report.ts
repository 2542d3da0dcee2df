import type { HistoryAnalysis } from '../results/history-record.js';
import { historySection } from './history-section.js';
import { writeSectionsReport, type ReportFiles } from './write-report.js';

/** report.html / report.md of a history (`history --report <dir>`). */
export async function writeHistoryReport(a: HistoryAnalysis, outDir: string): Promise<ReportFiles> {
  const newest = a.series[0];
  const header = {
    title: `mcp-lb-bench history: ${newest?.scenario ?? a.file}`,
    lines: [`${a.file} · ${a.series.reduce((n, s) => n + s.runs.length, 0)} runs in ${a.series.length} series`],
  };
  return writeSectionsReport(header, [historySection(a)], outDir);
}
