import { readdirSync, readFileSync } from 'node:fs';

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
 * CPU time a process has used so far, in microseconds, at nanosecond resolution: the sum of
 * /proc/<pid>/task/<tid>/schedstat (time on CPU, ns) over its threads. /proc/<pid>/stat counts in
 * 10 ms clock ticks, which in a short cell is the same size as what is measured; it remains the
 * fallback where schedstat is unavailable (kernels without CONFIG_SCHEDSTATS). Threads that already
 * exited are not in the sum (a Node replica's threads live as long as it does).
 * Returns undefined when the process is gone or /proc is unavailable (non-Linux): callers must
 * print "n/a", never a zero.
 */
export function processCpuMicros(pid: number): number | undefined {
  return schedstatCpuMicros(pid) ?? tickCpuMicros(pid);
}

/** Sum of the threads' schedstat run time, µs; undefined when unreadable. */
export function schedstatCpuMicros(pid: number): number | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let ns = 0;
  for (const tid of tids) {
    try {
      const first = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ', 1)[0];
      const v = Number(first);
      if (!Number.isFinite(v)) return undefined;
      ns += v;
    } catch (e) {
      // A thread that exited between the listing and the read: its time is gone with it.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ESRCH') continue;
      return undefined;
    }
  }
  // Some kernels (sandboxes) expose schedstat with a zero run time: a live process that ran has > 0.
  return ns > 0 ? ns / 1000 : undefined;
}

/** user + system from /proc/<pid>/stat, in µs (10 ms resolution). */
export function tickCpuMicros(pid: number): number | undefined {
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
