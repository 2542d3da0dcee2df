import type { RunComparison } from '../results/run-comparison.js';
import { compareSection } from './compare-section.js';
import { writeSectionsReport, type ReportFiles } from './write-report.js';

/** report.html / report.md of a comparison (`compare --report <dir>`). */
export async function writeComparisonReport(c: RunComparison, outDir: string): Promise<ReportFiles> {
  const header = {
    title: `mcp-lb-bench compare: ${c.baseline.scenario}`,
    lines: [`Baseline ${c.baseline.runId} · ${c.baseline.startedAt}`, `Candidate ${c.candidate.runId} · ${c.candidate.startedAt}`],
  };
  return writeSectionsReport(header, [compareSection(c)], outDir);
}
