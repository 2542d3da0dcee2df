import type { LoadSpec, ResolvedScenario } from '../config/resolved-scenario.js';
import { fmtNum, MISSING } from '../output/format.js';
import type { CellResult } from '../results/result-types.js';
import type { ReportTable } from './report-table.js';

const s = (ms: number): string => `${fmtNum(ms / 1000, ms % 1000 === 0 ? 0 : 1)} s`;

/** The load model in words: open or closed, and what latency is measured from (coordinated omission). */
export function loadModelText(load: LoadSpec): string {
  switch (load.executor) {
    case 'constant-arrival-rate':
      return `Open model (constant arrival rate): ${load.ratePerSec} ${load.unit}/s on a fixed schedule whatever the servers do; latency is measured from each start's intended time, so it is corrected for coordinated omission (wrk2-style), and the uncorrected figure (from the actual send) is kept beside it.`;
    case 'ramping-arrival-rate':
      return `Open model (ramping arrival rate): from ${load.startRatePerSec} ${load.unit}/s through ${load.stages.map((st) => `${st.targetPerSec}/s over ${s(st.durationMs)}`).join(', ')}; latency from each start's intended time (corrected for coordinated omission), uncorrected kept beside it.`;
    case 'closed-loop':
      return `Closed model: ${load.clients} clients, each starting its next ${load.unit === 'sessions' ? 'session' : 'request'} when the previous one ends; latency is from the actual send, so it is NOT corrected for coordinated omission (a slow server also slows the load).`;
  }
}

function kv(rows: readonly (readonly [string, string])[]): ReportTable {
  return { head: ['item', 'value'], numeric: [false, false], variant: 'kv', rows: rows.map(([k, v]) => [k, v]) };
}

export function loadTable(sc: ResolvedScenario): ReportTable {
  const l = sc.load;
  const w = sc.workload;
  const rate =
    l.executor === 'constant-arrival-rate' ? `${l.ratePerSec} ${l.unit}/s` : l.executor === 'ramping-arrival-rate' ? `${l.startRatePerSec} → ${l.stages.map((st) => st.targetPerSec).join(' → ')} ${l.unit}/s` : MISSING;
  return kv([
    ['executor', `${l.executor} (unit: ${l.unit})`],
    ['rate', rate],
    ['clients', l.executor === 'closed-loop' ? String(l.clients) : l.clients === undefined ? MISSING : String(l.clients)],
    ['warm-up (not measured)', s(l.warmupMs)],
    ['measured window', s(l.durationMs)],
    ['max in flight', 'maxInFlight' in l ? String(l.maxInFlight) : MISSING],
    ['calls per session', String(w.callsPerSession)],
    ['think time', `${w.thinkTimeMs} ms ± ${Math.round(w.thinkTimeJitter * 100)}%`],
    ['tool mix', w.tools.map((t) => `${t.name} ×${t.weight} ${JSON.stringify(t.arguments)}`).join('; ')],
    ['SSE stream (legacy)', String(w.sseStream)],
    ['tools/list per session', String(w.listTools)],
    ['client timeout', `${sc.client.timeoutMs} ms`],
    ['client connections (max)', String(sc.client.maxConnections)],
    ['generator worker threads', sc.generator.workers === 0 ? '0 (main thread)' : String(sc.generator.workers)],
    ['seed', String(sc.seed)],
  ]);
}

/** How well the generator kept its schedule, per cell: the evidence behind every corrected latency. */
export function loadAccuracyTable(cells: readonly CellResult[]): ReportTable {
  return {
    head: ['cell', 'latency from', 'scheduled', 'made', 'measured', 'dropped', 'late', 'start lag p50 / p99 / max ms', 'queued for client', 'generator CPU % of a core', 'event-loop delay p99 ms', 'saturated'],
    numeric: [false, false, true, true, true, true, true, true, true, true, true, false],
    rows: cells.map((c) => {
      const l = c.load;
      const g = c.generator;
      if (!l) return [c.id, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING];
      const lag = l.startLag ? `${fmtNum(l.startLag.p50Ms, 2)} / ${fmtNum(l.startLag.p99Ms, 2)} / ${fmtNum(l.startLag.maxMs, 2)}` : MISSING;
      const eld = g ? Math.max(...g.threads.map((t) => t.eventLoopDelay.p99Ms)) : undefined;
      return [
        c.id,
        l.latencyReference === 'intended-send-time' ? 'intended send (corrected)' : 'actual send (uncorrected)',
        l.scheduledStarts === undefined ? MISSING : String(l.scheduledStarts),
        String(l.starts),
        String(l.measuredStarts),
        String(l.dropped),
        String(l.lateStarts),
        lag,
        l.queuedForClient.count > 0 ? `${l.queuedForClient.count} (max ${fmtNum(l.queuedForClient.maxWaitMs, 1)} ms)` : '0',
        fmtNum(g?.processCpuPctOfOneCore, 1),
        fmtNum(eld, 2),
        g ? (g.saturated ? `yes: ${g.saturationReasons.join('; ')}` : 'no') : MISSING,
      ];
    }),
  };
}

export function reconciliationTable(cells: readonly CellResult[]): ReportTable {
  return {
    head: ['cell', 'client = replicas?', 'client total', 'replica total', 'mismatches', 'answered by no replica'],
    numeric: [false, false, true, true, true, false],
    rows: cells.map((c) => {
      const r = c.reconciliation;
      if (!r) return [c.id, 'not reconciled', MISSING, MISSING, MISSING, MISSING];
      const un = Object.entries(r.unattributed).map(([who, methods]) => `${who}: ${Object.values(methods).reduce((n, st) => n + Object.values(st).reduce((a, b) => a + b, 0), 0)}`);
      return [c.id, r.state === 'reconciled' ? 'yes' : r.state === 'mismatch' ? 'NO' : `not reconciled: ${r.reasons.join('; ')}`, String(r.clientTotal), String(r.serverTotal), String(r.mismatches.length), un.join(', ') || '0'];
    }),
  };
}

export { kv };
