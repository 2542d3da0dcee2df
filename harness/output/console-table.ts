import Table from 'cli-table3';
import { faultSummary } from '../faults/fault-summary.js';
import type { CellResult } from '../results/result-types.js';
import { describeCellEvent } from '../results/cell-event-text.js';
import { describeStall, replicaStalls } from '../results/replica-stalls.js';
import { fmtMsFromUs, fmtNum, fmtPct, MISSING, type Style } from './format.js';
import { generatorNotes } from './generator-notes.js';

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
  // Cost in the workload's units (models differ in requests per session), then per HTTP request.
  'srv CPU ms/session\nµs/call · µs/req',
  // The gateway's own cost: balancer CPU in the measured window.
  'LB CPU µs\n/session · /req',
  'srv\ncores',
];

function pair(a: number | undefined, b: number | undefined): string {
  return a === undefined && b === undefined ? MISSING : `${fmtMsFromUs(a)} / ${fmtMsFromUs(b)}`;
}

function serverCost(c: CellResult): string {
  const r = c.cost?.replicas;
  if (!r || r.cpuUs === undefined) return MISSING;
  return `${fmtMsFromUs(r.usPerSession)}\n${fmtNum(r.usPerCall)} · ${fmtNum(r.usPerRequest)}`;
}

/** The model column also names a non-default flow, store and client profile, so rows of one run stay distinct. */
function modelLabel(c: CellResult): string {
  const profile = c.profile ?? (c.clientProfile === 'sdk' ? 'sdk' : undefined);
  return [c.model, ...(c.flow && c.flow !== 'tools' ? [c.flow] : []), ...(c.store && c.store !== 'memory' ? [`@${c.store}`] : []), ...(profile ? [`(${profile})`] : [])].join(' ');
}

/** Said once per distinct answer: a target that answers an unknown session otherwise than the spec's 404. */
function lostSessionNote(c: CellResult): string | undefined {
  const l = c.lostSession;
  if (!l || l.conforming) return undefined;
  const answer = `${l.status}${l.code !== undefined ? `/${l.code}` : ''}${l.message ? ` "${l.message}"` : ''}`;
  const how = l.source === 'measured' ? 'measured before the run' : l.source === 'client.lostSessionStatus' ? 'set by client.lostSessionStatus' : 'the reference server as configured (servers.legacy.unknownSessionStatus)';
  return `the server answers an unknown session with ${answer}, not the spec's 404 (non-conforming; ${how}): such answers are counted as lost sessions, with their status`;
}

/** sdk profile: sessions the clients closed without DELETE, and what the replicas still held at the end. */
function leftOpenNote(c: CellResult): string | undefined {
  const left = c.metrics?.flows['sessions.leftOpen'];
  if (c.clientProfile !== 'sdk' || c.model !== 'legacy' || !left) return undefined;
  const active = (c.replicaReports ?? []).reduce((n, r) => (r.sessions ? n + r.sessions.active : n), 0);
  const held = (c.replicaReports ?? []).some((r) => r.sessions) ? `; the replicas still held ${active} session(s) at the end (they expire after the server's idle timeout)` : '';
  return `sdk profile: ${left} measured session(s) closed without DELETE, as the SDK's close() does${held}`;
}

function row(c: CellResult, style: Style): string[] {
  if (!c.metrics || !c.load) {
    const label = c.status === 'not-run' ? style.yellow('not run (see below)') : style.red(`${c.status}: ${c.error?.message ?? ''}`.slice(0, 60));
    return [modelLabel(c), c.policy, c.balancer?.implementation ?? MISSING, String(c.replicas), label, ...HEAD.slice(5).map(() => '')];
  }
  const m = c.metrics;
  const s = m.sessions;
  const call = m.steps.call?.corrected;
  const setup = m.timings['session-setup']?.summary;
  const share = (c.replicaReports ?? []).map((r) => r.sharePct.toFixed(0)).join('/');
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
    serverCost(c),
    c.cost ? `${fmtNum(c.cost.balancer.usPerSession)} · ${fmtNum(c.cost.balancer.usPerRequest)}` : MISSING,
    fmtNum(c.cost?.replicas.cores, 2),
  ];
  if (c.status !== 'interrupted' && c.reconciliation?.state === 'mismatch') {
    // Client and replica counts that should agree do not: the row's numbers are suspect.
    cells[0] = style.red(`${modelLabel(c)} ✗`);
  } else if (c.generator?.saturated || c.status !== 'completed' || (c.events?.length ?? 0) > 0) {
    // Numbers from a saturated or interrupted cell are printed, but never without the mark.
    cells[0] = style.red(`${modelLabel(c)} ⚠`);
  }
  return cells;
}

/**
 * What the client did about lost sessions, in one line: the table's ok/lost/failed columns count
 * sessions by outcome, this counts the events behind them (a session can be lost twice).
 */
export function sessionLossNote(c: Pick<CellResult, 'id' | 'metrics' | 'clientProfile'>): string | undefined {
  const s = c.metrics?.sessions;
  if (!s || s.sessionLostEvents === 0) return undefined;
  const signals = Object.entries(s.lostSignals).map(([k, n]) => `${k}: ${n}`).join(', ');
  const gaveUp = s.failedByReason['session-lost'] ?? 0;
  if (c.clientProfile === 'sdk') {
    return `${c.id}: ${s.sessionLostEvents} lost-session signals (${signals}); the sdk profile does not re-initialize (the SDK clients keep the lost session id), so ${gaveUp} sessions failed on it`;
  }
  return `${c.id}: ${s.sessionLostEvents} lost-session signals (${signals}), ${s.reinitialized} re-initializations; ${s.recovered} sessions recovered, ${gaveUp} gave up after losing the session again`;
}

/** Said under every table with CPU figures: what a cost at the cell's rate is, and is not. */
export function costAtRateNote(cells: readonly CellResult[]): string | undefined {
  const rates = [...new Set(cells.flatMap((c) => (c.cost && c.load?.targetPerSec !== undefined ? [c.load.targetPerSec] : [])))];
  if (!cells.some((c) => c.cost)) return undefined;
  const at = rates.length > 0 ? ` (${rates.join(', ')} ${cells[0]?.load?.unit ?? 'sessions'}/s)` : '';
  return `CPU is cost at the cells' rate${at}, per logical session, per tool call and per HTTP request (${cells.find((c) => c.cost)?.cost?.cpuSource ?? 'proc'} accounting): at a low rate it includes the fixed costs of mostly idle processes, so it is not the cost at capacity; \`mcp-lb-bench size\` measures that.`;
}

/** How a footnote is marked: ✗ error (red), ⚠ a figure not to trust (red), ! worth a look (yellow), ✓ checked and fine. */
export type FootnoteLevel = 'error' | 'caution' | 'notice' | 'ok';

export interface CellFootnote {
  readonly level: FootnoteLevel;
  readonly cellId: string;
  /** Without the mark; the console and the reports add their own. */
  readonly text: string;
}

export const FOOTNOTE_MARK: Readonly<Record<FootnoteLevel, string>> = { error: '✗', caution: '⚠', notice: '!', ok: '✓' };

/** The footnotes under the headline table, as data, so the console and the reports say the same. */
export function cellFootnotes(cells: readonly CellResult[]): CellFootnote[] {
  const notes: CellFootnote[] = [];
  const add = (level: FootnoteLevel, c: CellResult, text: string): void => void notes.push({ level, cellId: c.id, text });
  for (const c of cells) {
    if (c.status === 'interrupted') {
      // One verdict for an interrupted cell: its other signs (saturation, counts) describe the interrupt.
      const aborted = c.metrics ? ` (${c.metrics.sessions.aborted ?? 0} sessions and ${c.metrics.abortedRequests ?? 0} requests aborted by the harness, not failures)` : '';
      add('caution', c, `${c.id}: interrupted — partial numbers${aborted}.`);
      continue;
    }
    if (c.generator?.saturated) add('caution', c, `${c.id}: generator_saturated — ${c.generator.saturationReasons.join('; ')}. Its latencies describe the generator as much as the servers.`);
    if (c.status === 'failed') add('error', c, `${c.id}: failed — ${c.error?.message ?? 'unknown error'}`);
    for (const e of c.events ?? []) add('caution', c, describeCellEvent(c.id, e));
    for (const stall of replicaStalls(c.metrics?.replicaLatency ?? {})) add('notice', c, describeStall(c.id, stall));
    if (c.status === 'not-run') add('notice', c, `${c.id}: not run — ${c.error?.message ?? 'unknown reason'}${c.error?.hint ? ` (${c.error.hint})` : ''}`);
    if (c.reconciliation?.state === 'mismatch') add('error', c, `${c.id}: client and replica counts differ (${c.reconciliation.mismatches.length} mismatches; see result.json)`);
    for (const reason of c.reconciliation?.state === 'not-reconciled' ? c.reconciliation.reasons : []) add('notice', c, `${c.id}: not reconciled: ${reason}`);
    if (c.misroutes) add(c.misroutes.misrouted > 0 ? 'error' : 'ok', c, `${c.id}: ${c.misroutes.misrouted} of ${c.misroutes.toolCalls} tool calls reached a replica outside their pool`);
    for (const f of c.faults ?? []) add(f.error ? 'error' : 'notice', c, `${c.id}: ${faultSummary(f)}`);
    const loss = sessionLossNote(c);
    if (loss) add('notice', c, loss);
    const nonConforming = lostSessionNote(c);
    if (nonConforming && !notes.some((n) => n.text.endsWith(nonConforming))) add('notice', c, `${c.id}: ${nonConforming}`);
    const leftOpen = leftOpenNote(c);
    if (leftOpen) add('notice', c, `${c.id}: ${leftOpen}`);
    if (c.load && c.load.dropped > 0) add('notice', c, `${c.id}: ${c.load.dropped} starts dropped (maxInFlight reached: the servers could not keep up)`);
    for (const n of generatorNotes(c)) add(n.level === 'error' ? 'error' : 'notice', c, n.text);
    if (c.load && (c.load.lateStarts > 0 || c.load.queuedForClient.count > 0)) {
      const parts = [];
      if (c.load.lateStarts > 0) parts.push(`${c.load.lateStarts} made late by the generator (max lag ${c.load.maxStartLagMs.toFixed(1)} ms)`);
      if (c.load.queuedForClient.count > 0) parts.push(`${c.load.queuedForClient.count} waited for a free client (max ${c.load.queuedForClient.maxWaitMs.toFixed(1)} ms)`);
      add('notice', c, `${c.id}: late starts: ${parts.join(', ')}; latency is measured from the intended time`);
    }
  }
  return notes;
}

function styledFootnote(n: CellFootnote, style: Style): string {
  const paint = n.level === 'notice' ? style.yellow : n.level === 'ok' ? style.dim : style.red;
  return paint(`${FOOTNOTE_MARK[n.level]} ${n.text}`);
}

/** The headline table: one row per cell, plus a footnote per marked cell. */
export function renderCellTable(cells: readonly CellResult[], style: Style): string {
  const table = new Table({ head: HEAD.map((h) => style.bold(h)), style: { head: [], border: [] } });
  for (const c of cells) table.push(row(c, style));
  const costNote = costAtRateNote(cells);
  const notes = [...(costNote ? [style.dim(costNote)] : []), ...cellFootnotes(cells).map((n) => styledFootnote(n, style))];
  return table.toString() + (notes.length ? '\n' + notes.join('\n') : '');
}
