import { readdirSync, readFileSync } from 'node:fs';

/**
 * On-CPU time of a process's live threads, in nanoseconds, from /proc/<pid>/task/<tid>/schedstat
 * (the scheduler's own accounting: nanosecond precision, where /proc/<pid>/stat counts 10 ms ticks).
 * A thread that exits between two samples takes its time with it, so sample a steady process only.
 * undefined when the process is gone or /proc is unavailable.
 */
export function processCpuNs(pid: number): number | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let total = 0;
  for (const tid of tids) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread exited while we listed them.
    }
  }
  return total;
}

/** The pids of a process's children (Linux /proc/<pid>/task/<pid>/children), empty when none or unknown. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
