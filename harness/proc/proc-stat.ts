import { readFileSync } from 'node:fs';

const clockTicksPerSecond = 100; // USER_HZ is 100 on every Linux ABI Node supports.

/**
 * The fields of /proc/<pid>/stat after the command name: index 0 is field 3 (state), so field N is
 * at N - 3. undefined when the process is gone or /proc is unavailable (non-Linux).
 */
export function procStatFieldsAfterComm(pid: number): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses; fields after the last ')' are fixed.
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU time (user + system) a process has used so far, in microseconds, from /proc/<pid>/stat.
 * Returns undefined when the process is gone or /proc is unavailable (non-Linux): callers must
 * print "n/a", never a zero.
 */
export function processCpuMicros(pid: number): number | undefined {
  const rest = procStatFieldsAfterComm(pid);
  if (!rest) return undefined;
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1_000_000) / clockTicksPerSecond;
}

/** Resident set size in bytes from /proc/<pid>/status (VmRSS), or undefined. */
export function processRssBytes(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
