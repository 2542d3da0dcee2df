import { sweepProcessCgroups } from '../proc/process-cgroup.js';
import { isProcessAlive } from '../proc/process-start-ticks.js';
import { reapOrphans, type LeftoverProcess } from '../proc/reaper.js';
import { reapDockerOrphans } from './docker-reaper.js';
import type { SweepResult } from './docker-sweep.js';

export interface LeftoversRemoved {
  readonly processes: readonly LeftoverProcess[];
  /** undefined when no Docker daemon answers (nothing to sweep) or the sweep failed (see `dockerError`). */
  readonly docker: SweepResult | undefined;
  readonly dockerError: string | undefined;
}

/**
 * What every run does first, whatever its platform: kill labelled processes and remove labelled
 * containers and networks whose owning harness is gone. Returns what it removed, for the warnings.
 */
export async function removeLeftovers(): Promise<LeftoversRemoved> {
  const processes = reapOrphans();
  // The cgroups of those processes empty out with them; a later run removes what is still busy.
  sweepProcessCgroups(isProcessAlive);
  try {
    return { processes, docker: await reapDockerOrphans(), dockerError: undefined };
  } catch (e) {
    return { processes, docker: undefined, dockerError: e instanceof Error ? e.message : String(e) };
  }
}

/** One line per kind of leftover removed, for the console and result.json; empty when nothing was left. */
export function describeLeftovers(r: LeftoversRemoved): string[] {
  const lines: string[] = [];
  if (r.processes.length > 0) lines.push(`reaped ${r.processes.length} processes left behind by earlier runs that did not shut down`);
  const d = r.docker;
  if (d && d.containers.length + d.networks.length + d.failures.length > 0) {
    const removed = `removed ${d.containers.length} container(s) and ${d.networks.length} network(s) left by earlier runs that did not shut down`;
    lines.push(d.failures.length > 0 ? `${removed}; could not remove ${d.failures.length}: ${d.failures.join('; ')}` : removed);
  }
  if (r.dockerError) lines.push(`could not look for containers left by earlier runs: ${r.dockerError} (a later run tries again)`);
  return lines;
}
