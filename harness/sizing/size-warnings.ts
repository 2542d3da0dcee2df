import type { SizeCellResult } from '../results/size-result-types.js';

/** The findings a reader must not miss, one line each: searches the machine voided, steps that did not run as asked. */
export function sizeWarnings(cells: readonly SizeCellResult[]): string[] {
  const out: string[] = [];
  for (const c of cells) {
    if (c.search && c.search.status !== 'found') out.push(`${c.id}: no capacity (${c.search.status}): ${c.search.reason}`);
    const generator = c.steps.filter((s) => s.limitedBy === 'generator').length;
    if (generator > 0) out.push(`${c.id}: the generator could not keep the schedule in ${generator} of ${c.steps.length} steps`);
    const box = c.steps.filter((s) => s.limitedBy === 'box').length;
    if (box > 0 && c.search?.status !== 'invalid') out.push(`${c.id}: ${box} step(s) broke the SLO on a saturated machine (other work shares its cores)`);
    if (c.topology.replicaRestarts > 0) out.push(`${c.id}: replicas restarted ${c.topology.replicaRestarts} time(s) between steps to clear sessions the previous step left`);
    const mismatched = c.steps.filter((s) => s.reconciliation === 'mismatch').length;
    if (mismatched > 0) out.push(`${c.id}: client and replica counts differ in ${mismatched} step(s)`);
  }
  return out;
}
