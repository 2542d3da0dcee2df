import type { CellResult } from '../results/result-types.js';
import { FAILURE_CLASSES } from '../metrics/failure-classes.js';
import { faultLabel, faultSummary } from '../faults/fault-summary.js';
import { MISSING } from '../output/format.js';
import { sectionOf, type Block } from './report-blocks.js';
import type { ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';
import type { RunReportInput } from './run-report-input.js';

const sec = (ms: number | undefined): string => (ms === undefined ? MISSING : (ms / 1000).toFixed(1));
const msOf = (us: number | undefined): string => (us === undefined ? MISSING : (us / 1000).toFixed(us < 10_000 ? 1 : 0));

/**
 * One row per fault of every cell: when it ran, when its target served again, the recovery time, the
 * sessions it took away and the failures charged to it by class, p99 before / during / after. Figures
 * that were not measured are "—", never 0 (a fault that failed has no impact).
 */
export function faultTable(cells: readonly CellResult[]): ReportTable {
  const rows: string[][] = [];
  for (const c of cells) {
    for (const f of c.faults ?? []) {
      const i = f.impact;
      const open = f.sessionsOnTarget === undefined ? MISSING : `${f.sessionsOnTarget}${f.sessionsOpen !== undefined ? ` / ${f.sessionsOpen}` : ''}`;
      rows.push([
        c.id,
        faultLabel(f),
        sec(f.startedAtMs),
        sec(f.recoveredAtMs),
        i ? (f.recoveryMs === undefined ? 'not within load' : sec(f.recoveryMs)) : MISSING,
        open,
        i ? String(i.sessionsFailed) : MISSING,
        i ? String(i.sessionsRecovered) : MISSING,
        i ? String(i.failedRequests) : MISSING,
        ...FAILURE_CLASSES.map((k) => (i ? String(i.failedByClass[k] ?? 0) : MISSING)),
        i ? `${msOf(i.p99Us.before)} / ${msOf(i.p99Us.during)} / ${msOf(i.p99Us.after)}` : MISSING,
      ]);
    }
  }
  return {
    head: ['cell', 'fault', 'started s', 'serving again s', 'recovery s', 'sessions on target / open', 'sessions failed', 'sessions recovered', 'failed requests', ...FAILURE_CLASSES, 'p99 ms before / during / after'],
    numeric: [false, false, true, true, true, true, true, true, true, true, true, true, true, true, true],
    rows,
  };
}

/** The faults of a run, when it had any (undefined otherwise). */
export function faultSection(input: RunReportInput): ReportSection | undefined {
  const cells = input.result.cells.filter((c) => (c.faults?.length ?? 0) > 0);
  if (cells.length === 0) return undefined;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: 'Each fault is charged from its start to the first second after which the failed-request rate stays at its pre-fault level (recovery), less what that level would have given anyway; sessions on target are the legacy sessions the target replicas held just before the fault (docs/faults.md).',
    },
    { kind: 'table', table: faultTable(cells) },
    { kind: 'list', items: cells.flatMap((c) => (c.faults ?? []).map((f) => ({ text: `${c.id}: ${faultSummary(f)}`, level: f.error ? ('error' as const) : ('info' as const) }))) },
  ];
  return sectionOf(`${input.idPrefix}faults`, `Faults${input.titleSuffix}`, blocks);
}
