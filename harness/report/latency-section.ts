import type { HistogramSummary } from '../metrics/histogram.js';
import { fmtMsFromUs, MISSING } from '../output/format.js';
import type { CellResult } from '../results/result-types.js';
import { percentileChart } from './percentile-chart.js';
import { percentileCurves } from './percentile-curves.js';
import { sectionOf, type Block } from './report-blocks.js';
import type { ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';
import type { RunReportInput } from './run-report-input.js';

const ms = (s: HistogramSummary | undefined, k: keyof HistogramSummary): string => (s ? fmtMsFromUs(s[k]) : MISSING);

/** Every step and session timing of every cell: corrected percentiles, and the uncorrected ones beside them. */
export function latencyTable(cells: readonly CellResult[]): ReportTable {
  const rows: string[][] = [];
  for (const c of cells) {
    for (const [step, r] of Object.entries(c.metrics?.steps ?? {})) {
      if (!r) continue;
      const k = r.corrected;
      const u = r.uncorrected;
      rows.push([c.id, step, String(r.ok), ms(k, 'p50Us'), ms(k, 'p90Us'), ms(k, 'p99Us'), ms(k, 'p999Us'), ms(k, 'maxUs'), ms(u, 'p50Us'), ms(u, 'p99Us'), ms(u, 'maxUs')]);
    }
    for (const [timing, t] of Object.entries(c.metrics?.timings ?? {})) {
      const k = t?.summary;
      rows.push([c.id, `${timing} (whole)`, k ? String(k.count) : '0', ms(k, 'p50Us'), ms(k, 'p90Us'), ms(k, 'p99Us'), ms(k, 'p999Us'), ms(k, 'maxUs'), MISSING, MISSING, MISSING]);
    }
  }
  return {
    head: ['cell', 'step', 'ok', 'p50', 'p90', 'p99', 'p99.9', 'max', 'uncorr. p50', 'uncorr. p99', 'uncorr. max'],
    numeric: [false, false, true, true, true, true, true, true, true, true, true],
    rows,
  };
}

export function latencySection(input: RunReportInput): ReportSection {
  const cells = input.result.cells;
  const data = percentileCurves(cells);
  const blocks: Block[] = [];
  if (data.withoutData.length > 0) {
    blocks.push({ kind: 'paragraph', text: `Not plotted (no successful request of the step in the measured window): ${data.withoutData.join(', ')}.` });
  }
  blocks.push(
    { kind: 'paragraph', text: 'Milliseconds, successful requests of the measured window. Columns p50 … max are corrected for coordinated omission (from the intended send time); "uncorr." columns are from the actual send. "(whole)" rows time a whole session or its setup.' },
    { kind: 'table', table: latencyTable(cells) },
  );
  const charts = data.curves.length > 0 ? [percentileChart(data, `${input.idPrefix}latency-percentiles`)] : [];
  return sectionOf(`${input.idPrefix}latency`, `Latency distribution${input.titleSuffix}`, blocks, charts);
}
