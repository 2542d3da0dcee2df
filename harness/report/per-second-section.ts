import { fmtNum, MISSING } from '../output/format.js';
import { faultLabel } from '../faults/fault-summary.js';
import { perSecondChart } from './per-second-chart.js';
import { perSecondData, type PerSecondData } from './per-second-data.js';
import { sectionOf, type Block } from './report-blocks.js';
import type { ReportChart, ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';
import type { RunReportInput } from './run-report-input.js';

/** The plotted values, second by second: what the chart shows, to copy from. */
export function perSecondTable(d: PerSecondData, phases: readonly string[]): ReportTable {
  const ms = (v: number | null | undefined): string => (v === null || v === undefined ? MISSING : fmtNum(v, 2));
  return {
    head: ['second', 'phase', 'requests', 'failed', 'HTTP 404', `${d.step} p50 ms`, `${d.step} p99 ms`],
    numeric: [true, false, true, true, true, true, true],
    rows: d.seconds.map((s, i) => [String(s), phases[i] ?? '', String(d.requests[i]), String(d.failed[i]), String(d.http404[i]), ms(d.p50Ms[i]), ms(d.p99Ms[i])]),
  };
}

export function perSecondSection(input: RunReportInput): ReportSection {
  const charts: ReportChart[] = [];
  const blocks: Block[] = [];
  const missing: string[] = [];
  input.result.cells.forEach((c, i) => {
    const d = perSecondData(c, i);
    if (!d) {
      missing.push(c.id);
      return;
    }
    charts.push(perSecondChart(d, `${input.idPrefix}per-second-${c.id}`));
    blocks.push({ kind: 'details', summary: `${c.id}: per-second values`, blocks: [{ kind: 'table', table: perSecondTable(d, (c.timeSeries ?? []).map((p) => p.phase)) }] });
    for (const f of c.faults ?? []) {
      if (f.startedAtMs === undefined || f.error) blocks.push({ kind: 'paragraph', text: `${c.id}: ${faultLabel(f)} planned at ${(f.plannedAtMs / 1000).toFixed(1)} s: ${f.error ?? 'did not start'}.` });
    }
  });
  if (missing.length > 0) blocks.unshift({ kind: 'paragraph', text: `No per-second series (the cell did not run its load): ${missing.join(', ')}.` });
  blocks.unshift({ kind: 'paragraph', text: 'Requests count in the second they completed. Latency is corrected (from the intended send time) over the successful requests of that second; a gap means none completed.' });
  return sectionOf(`${input.idPrefix}per-second`, `Per second${input.titleSuffix}`, blocks, charts);
}
