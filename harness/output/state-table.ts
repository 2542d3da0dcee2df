import Table from 'cli-table3';
import type { RequestStep } from '../metrics/steps.js';
import { fmtMsFromUs, fmtNum, fmtPct, MISSING, type Style } from './format.js';
import type { CellResult } from '../results/result-types.js';

import { keyStepOf } from '../results/key-step.js';

export { keyStepOf };

function failuresOf(c: CellResult, kinds: readonly string[]): number {
  let n = 0;
  for (const step of Object.values(c.metrics?.steps ?? {})) for (const k of kinds) n += step?.failures[k] ?? 0;
  return n;
}

/** Cells that exercise state (a flow other than plain tool calls, a shared store, or faults). */
export function hasStateCells(cells: readonly CellResult[]): boolean {
  return cells.some((c) => c.flow !== 'tools' || c.store !== 'memory' || (c.faults?.length ?? 0) > 0);
}

/**
 * The state-strategies view: per cell, how the state survived (sessions, handles, tasks), what it
 * cost in the store, and the latency of the flow's logical calls.
 */
export function renderStateTable(cells: readonly CellResult[], style: Style): string {
  const table = new Table({
    head: ['cell', 'sessions\nok/lost/failed', 'state lost\n(404 / handle / task)', 'tasks\ndone/cancelled', 'polls\nper task', 'task result ms\np50 / p99', 'flow call ms\np50 / p99', 'store ops\nper req', 'store\nerrors', 'share %'].map((h) => style.bold(h)),
    style: { head: [], border: [] },
  });
  for (const c of cells) {
    const m = c.metrics;
    if (!m) {
      table.push([c.id, style.red(c.status), '', '', '', '', '', '', '', '']);
      continue;
    }
    const f = m.flows;
    const started = f['tasks.started'] ?? 0;
    const done = (f['tasks.completed'] ?? 0) + (f['tasks.failed'] ?? 0);
    const lost = `${m.http404.count} / ${failuresOf(c, ['handle-not-found'])} / ${failuresOf(c, ['task-not-found'])}`;
    const key = m.steps[keyStepOf(c.flow)]?.corrected;
    const result = m.timings['task-result']?.summary;
    const s = m.sessions;
    const sessions = `${s.ok}/${s.recovered}/${s.failed}`;
    table.push([
      c.id,
      s.failed > 0 ? style.yellow(sessions) : sessions,
      lost === '0 / 0 / 0' ? lost : style.yellow(lost),
      started ? `${done}/${f['tasks.cancelled'] ?? 0} of ${started}` : MISSING,
      started ? fmtNum((f['tasks.polls'] ?? 0) / started, 1) : MISSING,
      result ? `${fmtMsFromUs(result.p50Us)} / ${fmtMsFromUs(result.p99Us)}` : MISSING,
      key ? `${fmtMsFromUs(key.p50Us)} / ${fmtMsFromUs(key.p99Us)}` : MISSING,
      c.storeTraffic ? fmtNum(c.storeTraffic.opsPerRequest, 2) : MISSING,
      c.storeTraffic ? String(c.storeTraffic.errors + failuresOf(c, ['store-unavailable'])) : MISSING,
      (c.replicaReports ?? []).map((r) => r.sharePct.toFixed(0)).join('/') || MISSING,
    ]);
  }
  // Faults are footnoted with the headline table (console-table.ts cellFootnotes).
  const notes: string[] = [];
  return table.toString() + (notes.length ? '\n' + notes.join('\n') : '');
}
