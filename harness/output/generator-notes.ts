import type { CellResult } from '../results/result-types.js';

/** Past this, the harness took a material share of the CPU the replicas could have used (issue: ≤ 10 %). */
export const HARNESS_CPU_SHARE_PCT = 10;

export interface EngineNote {
  readonly level: 'warn' | 'error';
  readonly text: string;
}

const ms = (us: number): string => (us >= 10_000 ? (us / 1000).toFixed(0) : (us / 1000).toFixed(2));

/**
 * What a table footnote must say about how a cell was measured, beyond saturation: offered load not
 * delivered, failed attempts' latency next to the successes', the harness's CPU next to the replicas',
 * a broken coordinated-omission invariant, clamped values. One line each; none for a clean cell.
 */
export function generatorNotes(c: Pick<CellResult, 'id' | 'metrics' | 'generator'>): EngineNote[] {
  const notes: EngineNote[] = [];
  const g = c.generator;
  const m = c.metrics;
  if (g?.loadNotDelivered) notes.push({ level: 'warn', text: `${c.id}: offered load not delivered — ${g.loadNotDeliveredReasons.join('; ')}` });
  if (m) {
    for (const [step, st] of Object.entries(m.steps)) {
      if (!st || st.total === st.ok || !st.failed) continue;
      const ok = st.corrected ? `successes p50 ${ms(st.corrected.p50Us)} / p99 ${ms(st.corrected.p99Us)} ms` : 'no successes';
      notes.push({ level: 'warn', text: `${c.id}: ${st.total - st.ok} of ${st.total} ${step} requests failed; failed attempts took p50 ${ms(st.failed.p50Us)} / p99 ${ms(st.failed.p99Us)} ms from their intended time (${ok})` });
    }
    if (m.earlySends > 0) notes.push({ level: 'error', text: `${c.id}: ${m.earlySends} requests left before their intended time (corrected latency below uncorrected): a load-engine defect, latencies are not comparable` });
    if (m.clampedValues > 0) notes.push({ level: 'warn', text: `${c.id}: ${m.clampedValues} latency values above 24 h were recorded as 24 h` });
  }
  if (g?.cpuPctOfReplicas !== undefined && g.cpuPctOfReplicas > HARNESS_CPU_SHARE_PCT)
    notes.push({ level: 'warn', text: `${c.id}: the harness used ${g.cpuPctOfReplicas.toFixed(1)}% as much CPU as the replicas in the measured window (> ${HARNESS_CPU_SHARE_PCT}%): on a shared machine it took CPU they could have used` });
  return notes;
}
