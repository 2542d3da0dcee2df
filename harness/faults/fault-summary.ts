import { FAILURE_CLASSES } from '../metrics/failure-classes.js';
import type { FaultReport } from './fault-report.js';

const s = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
const ms = (us: number | undefined): string => (us === undefined ? '—' : (us / 1000).toFixed(us < 10_000 ? 1 : 0));

/** A short name for a fault: "replica-crash r2", "store-outage (hang)", "unplanned exit of r3". */
export function faultLabel(f: Pick<FaultReport, 'kind' | 'mode' | 'target' | 'unplanned'>): string {
  if (f.unplanned) return `unplanned exit of ${f.target ?? '?'}`;
  if (f.mode) return `${f.kind} (${f.mode})`;
  return f.target ? `${f.kind} ${f.target}` : f.kind;
}

/**
 * One line per fault for the console footnotes and the report: when it was planned and ran, when the
 * target served again, recovery time, what it cost (sessions, failed requests by class) and p99
 * before / during / after. Figures that were not measured show as "—", never as 0.
 */
export function faultSummary(f: FaultReport): string {
  const head = `${faultLabel(f)}: planned ${s(f.plannedAtMs)}, started ${f.startedAtMs === undefined ? 'never' : s(f.startedAtMs)}`;
  if (f.error) return `${head} — ${f.error}`;
  const parts = [head, `serving again ${f.recoveredAtMs === undefined ? 'never (within the load)' : s(f.recoveredAtMs)}`];
  if (f.impact) parts.push(`recovery ${f.recoveryMs === undefined ? 'not within the load' : s(f.recoveryMs)}`);
  if (f.sessionsOnTarget !== undefined) parts.push(`${f.sessionsOnTarget}${f.sessionsOpen !== undefined ? ` of ${f.sessionsOpen}` : ''} open sessions were on the target when hit`);
  const i = f.impact;
  if (i) {
    const classes = FAILURE_CLASSES.filter((c) => (i.failedByClass[c] ?? 0) > 0).map((c) => `${c} ${i.failedByClass[c]}`);
    parts.push(`lost ${i.sessionsFailed} sessions, ${i.sessionsRecovered} recovered by re-initializing`);
    parts.push(`${i.failedRequests} failed requests${classes.length ? ` (${classes.join(', ')})` : ''} over ${i.window.toSecond - i.window.fromSecond} s`);
    parts.push(`p99 before/during/after ${ms(i.p99Us.before)}/${ms(i.p99Us.during)}/${ms(i.p99Us.after)} ms`);
  }
  if (f.steps?.some((st) => st.drained === false)) parts.push(`not drained in time: ${f.steps.filter((st) => st.drained === false).map((st) => st.target).join(', ')}`);
  return parts.join('; ');
}
