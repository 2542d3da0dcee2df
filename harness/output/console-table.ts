import Table from 'cli-table3';
import type { CellResult } from './result-types.js';
import { fmtMsFromUs, fmtNum, fmtPct, MISSING, type Style } from './format.js';
import { generatorNotes } from '../run/generator-notes.js';

const HEAD = [
  'model',
  'policy',
  'LB',
  'repl',
  'sessions\nok/lost/failed',
  'HTTP 404\n(% post-init)',
  'req err %',
  'call ms\np50 / p99',
  'setup ms\np50 / p99',
  'rate /s\nachieved/target',
  'replica share %',
  'srv CPU\nµs/req',
  // The gateway's own cost: balancer CPU in the measured window per request the replicas served.
  'LB\nµs/req',
];

function pair(a: number | undefined, b: number | undefined): string {
  return a === undefined && b === undefined ? MISSING : `${fmtMsFromUs(a)} / ${fmtMsFromUs(b)}`;
}

/** The model column also names a non-default flow and store, so rows of one run stay distinct. */
function modelLabel(c: CellResult): string {
  return [c.model, ...(c.flow && c.flow !== 'tools' ? [c.flow] : []), ...(c.store && c.store !== 'memory' ? [`@${c.store}`] : [])].join(' ');
}

function row(c: CellResult, style: Style): string[] {
  if (!c.metrics || !c.load) {
    return [modelLabel(c), c.policy, c.balancer?.implementation ?? MISSING, String(c.replicas), style.red(`${c.status}: ${c.error?.message ?? ''}`.slice(0, 60)), '', '', '', '', '', '', '', ''];
  }
  const m = c.metrics;
  const s = m.sessions;
  const call = m.steps.call?.corrected;
  const setup = m.timings['session-setup']?.summary;
  const share = (c.replicaReports ?? []).map((r) => r.sharePct.toFixed(0)).join('/');
  const cpu = (c.replicaReports ?? []).reduce((acc, r) => (r.cpuUs === undefined || acc === undefined ? undefined : acc + r.cpuUs), 0 as number | undefined);
  const served = (c.replicaReports ?? []).reduce((n, r) => (r.measuredWindowRequests === undefined || n === undefined ? undefined : n + r.measuredWindowRequests), 0 as number | undefined);
  const sessions = `${s.ok}/${s.recovered}/${s.failed}`;
  const http404 = `${m.http404.count} (${fmtPct(m.http404.count, m.http404.postInitializeRequests, 0)})`;
  const target = c.load.targetPerSec;
  const cells = [
    modelLabel(c),
    c.policy,
    c.balancer?.implementation ?? MISSING,
    String(c.replicas),
    s.failed > 0 || s.recovered > 0 ? style.yellow(sessions) : sessions,
    m.http404.count > 0 ? style.yellow(http404) : http404,
    fmtPct(m.measuredFailedRequests, m.measuredRequests),
    pair(call?.p50Us, call?.p99Us),
    pair(setup?.p50Us, setup?.p99Us),
    `${fmtNum(c.load.achievedPerSec, 1)}/${target === undefined ? 'closed' : fmtNum(target, 1)}${c.load.unit === 'requests' ? ' req' : ''}`,
    share || MISSING,
    cpu === undefined || !served ? MISSING : fmtNum(cpu / served),
    c.balancer?.cpuUsPerRequest === undefined ? MISSING : fmtNum(c.balancer.cpuUsPerRequest),
  ];
  if (c.generator?.saturated || c.status !== 'completed') {
    // Numbers from a saturated or interrupted cell are printed, but never without the mark.
    cells[0] = style.red(`${modelLabel(c)} ⚠`);
  }
  return cells;
}

/**
 * What the client did about lost sessions, in one line: the table's ok/lost/failed columns count
 * sessions by outcome, this counts the events behind them (a session can be lost twice).
 */
export function sessionLossNote(c: Pick<CellResult, 'id' | 'metrics'>): string | undefined {
  const s = c.metrics?.sessions;
  if (!s || s.sessionLostEvents === 0) return undefined;
  const signals = Object.entries(s.lostSignals).map(([k, n]) => `${k}: ${n}`).join(', ');
  const gaveUp = s.failedByReason['session-lost'] ?? 0;
  return `${c.id}: ${s.sessionLostEvents} lost-session signals (${signals}), ${s.reinitialized} re-initializations; ${s.recovered} sessions recovered, ${gaveUp} gave up after losing the session again`;
}

/** The headline table: one row per cell, plus a footnote per marked cell. */
export function renderCellTable(cells: readonly CellResult[], style: Style): string {
  const table = new Table({ head: HEAD.map((h) => style.bold(h)), style: { head: [], border: [] } });
  for (const c of cells) table.push(row(c, style));
  const notes: string[] = [];
  for (const c of cells) {
    if (c.generator?.saturated) notes.push(style.red(`⚠ ${c.id}: generator_saturated — ${c.generator.saturationReasons.join('; ')}. Its latencies describe the generator as much as the servers.`));
    if (c.status === 'interrupted') notes.push(style.red(`⚠ ${c.id}: interrupted — partial numbers.`));
    if (c.status === 'failed') notes.push(style.red(`✗ ${c.id}: failed — ${c.error?.message ?? 'unknown error'}`));
    if (c.reconciliation && !c.reconciliation.matched)
      notes.push(style.red(`✗ ${c.id}: client and replica counts differ (${c.reconciliation.mismatches.length} mismatches; see result.json)`));
    if (c.misroutes) {
      const text = `${c.id}: ${c.misroutes.misrouted} of ${c.misroutes.toolCalls} tool calls reached a replica outside their pool`;
      notes.push(c.misroutes.misrouted > 0 ? style.red(`✗ ${text}`) : style.dim(`✓ ${text}`));
    }
    const loss = sessionLossNote(c);
    if (loss) notes.push(style.yellow(`! ${loss}`));
    for (const n of generatorNotes(c)) notes.push(n.level === 'error' ? style.red(`✗ ${n.text}`) : style.yellow(`! ${n.text}`));
    if (c.load && (c.load.lateStarts > 0 || c.load.queuedForClient.count > 0)) {
      const parts = [];
      if (c.load.lateStarts > 0) parts.push(`${c.load.lateStarts} made late by the generator (max lag ${c.load.maxStartLagMs.toFixed(1)} ms)`);
      if (c.load.queuedForClient.count > 0) parts.push(`${c.load.queuedForClient.count} waited for a free client (max ${c.load.queuedForClient.maxWaitMs.toFixed(1)} ms)`);
      notes.push(style.yellow(`! ${c.id}: late starts: ${parts.join(', ')}; latency is measured from the intended time`));
    }
  }
  return table.toString() + (notes.length ? '\n' + notes.join('\n') : '');
}
