import { readFileSync } from 'node:fs';

/**
 * Direct children of a process, from /proc/<pid>/task/<pid>/children (Linux 3.5+). Empty when the
 * process is gone or /proc cannot say. Used for nginx, whose worker does the proxying under a master.
 */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** A process's command line as shown by ps (nginx rewrites it to e.g. "nginx: worker process"); '' if gone. */
export function processTitle(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').split('\0').join(' ');
  } catch {
    return '';
  }
}
