import { cellsSection } from './cells-section.js';
import { faultSection } from './fault-section.js';
import { latencySection } from './latency-section.js';
import { methodologySection } from './methodology-section.js';
import { perSecondSection } from './per-second-section.js';
import type { ReportSection } from './report-section.js';
import type { RunReportInput } from './run-report-input.js';
import { summarySection } from './summary-section.js';

/** The sections of one run's result, in reading order. Other results (size, compare, history) bring their own. */
export function runSections(input: RunReportInput): ReportSection[] {
  const faults = faultSection(input);
  return [summarySection(input), ...(faults ? [faults] : []), latencySection(input), perSecondSection(input), cellsSection(input), methodologySection(input)];
}
