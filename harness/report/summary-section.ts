import { cellFootnotes } from '../output/console-table.js';
import { fmtMsFromUs, fmtNum, fmtPct, MISSING } from '../output/format.js';
import type { CellResult, RunResult } from '../results/result-types.js';
import { keyStepOf } from '../output/state-table.js';
import { serverCpuUsPerRequest } from './cell-figures.js';
import { sectionOf, type Block, type ItemLevel } from './report-blocks.js';
import type { ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';
import type { RunReportInput } from './run-report-input.js';

function pair(a: number | undefined, b: number | undefined): string {
  return a === undefined && b === undefined ? MISSING : `${fmtMsFromUs(a)} / ${fmtMsFromUs(b)}`;
}

/** A cell whose figures are not to be trusted as they stand carries the console table's ⚠. */
function cellLabel(c: CellResult): string {
  if (c.reconciliation?.state === 'mismatch') return `${c.id} ✗`;
  return c.generator?.saturated || c.status !== 'completed' ? `${c.id} ⚠` : c.id;
}

function row(c: CellResult): string[] {
  const lb = c.balancer?.implementation ?? MISSING;
  const m = c.metrics;
  if (!m || !c.load) return [cellLabel(c), lb, `${c.status}: ${c.error?.message ?? ''}`, '', '', '', '', '', '', '', '', ''];
  const s = m.sessions;
  const key = m.steps[keyStepOf(c.flow)]?.corrected;
  const setup = m.timings['session-setup']?.summary;
  const target = c.load.targetPerSec;
  return [
    cellLabel(c),
    lb,
    `${s.ok} / ${s.recovered} / ${s.failed}`,
    `${m.http404.count} (${fmtPct(m.http404.count, m.http404.postInitializeRequests, 0)})`,
    fmtPct(m.measuredFailedRequests, m.measuredRequests),
    pair(key?.p50Us, key?.p99Us),
    pair(setup?.p50Us, setup?.p99Us),
    `${fmtNum(c.load.achievedPerSec, 1)} / ${target === undefined ? 'closed' : fmtNum(target, 1)}${c.load.unit === 'requests' ? ' req' : ''}`,
    (c.replicaReports ?? []).map((r) => r.sharePct.toFixed(0)).join(' / ') || MISSING,
    fmtMsFromUs(c.cost?.replicas.usPerSession),
    `${fmtNum(c.cost?.replicas.usPerCall)} / ${fmtNum(serverCpuUsPerRequest(c))}`,
    `${fmtNum(c.cost?.balancer.usPerSession)} / ${fmtNum(c.cost?.balancer.usPerRequest)}`,
  ];
}

/** The console's headline table, one row per cell. */
export function headlineTable(cells: readonly CellResult[]): ReportTable {
  const steps = [...new Set(cells.map((c) => keyStepOf(c.flow)))].join(' · ');
  return {
    head: ['cell', 'LB', 'sessions ok / recovered / failed', 'HTTP 404 (% post-init)', 'req err %', `${steps} ms p50 / p99`, 'setup ms p50 / p99', 'rate /s achieved / target', 'replica share %', 'server CPU ms/session', 'server CPU µs/call / µs/req', 'LB CPU µs/session / µs/req'],
    numeric: [false, false, true, true, true, true, true, true, true, true, true],
    rows: cells.map(row),
  };
}

/** Every finding: the run's own warnings, the console table's footnotes, and each fault's window. */
export function findings(result: RunResult): { text: string; level: ItemLevel }[] {
  const items: { text: string; level: ItemLevel }[] = [];
  if (result.status !== 'completed') items.push({ level: 'error', text: `run ${result.status}${result.error ? `: ${result.error.message}` : ''}` });
  const footnotes = cellFootnotes(result.cells);
  for (const w of result.warnings) {
    // The run's warnings repeat two footnotes (saturation, count mismatch) in fewer words: keep the footnote.
    const gist = w.split(' (')[0] as string;
    if (!footnotes.some((n) => n.text.startsWith(gist))) items.push({ level: 'caution', text: w });
  }
  for (const n of footnotes) items.push({ level: n.level, text: n.text });
  for (const c of result.cells) {
    for (const f of c.faults ?? []) {
      const when = f.startedAtMs === undefined ? 'did not start' : `${(f.startedAtMs / 1000).toFixed(1)} s → ${f.recoveredAtMs === undefined ? 'not recovered' : `${(f.recoveredAtMs / 1000).toFixed(1)} s`}`;
      const failed = fmtPct(c.metrics?.measuredFailedRequests ?? 0, c.metrics?.measuredRequests ?? 0);
      items.push({ level: f.error ? 'error' : 'notice', text: `${c.id}: ${f.kind} (${f.mode}) ${when}${f.error ? ` — ${f.error}` : ''}; failed requests over the measured window: ${failed}` });
    }
  }
  return items;
}

export function summarySection(input: RunReportInput): ReportSection {
  const { result } = input;
  const items = findings(result);
  const blocks: Block[] = [
    { kind: 'paragraph', text: `Scenario ${result.scenario.name}: ${result.scenario.description || 'no description'}. Run ${result.runId}, ${result.status}, ${result.cells.length} cells.` },
    { kind: 'table', table: headlineTable(result.cells) },
    {
      kind: 'paragraph',
      text: 'Latency is over successful requests (failures are counted, not timed), corrected for coordinated omission: measured from when the request was due. CPU is the replicas’ and the balancer’s in the measured window, per logical session, per tool call and per HTTP request, at the cell’s rate (not at capacity: `mcp-lb-bench size` measures that). ⚠ marks a cell whose figures need the note below.',
    },
    { kind: 'heading', text: 'Findings and warnings' },
    items.length > 0 ? { kind: 'list', items } : { kind: 'paragraph', text: 'None: every cell completed, counts reconciled, no late starts, no saturation.' },
  ];
  return sectionOf(`${input.idPrefix}summary`, `Summary${input.titleSuffix}`, blocks);
}
