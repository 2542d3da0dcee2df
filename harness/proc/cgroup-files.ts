import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CpuThrottling } from './process-cgroup.js';

/**
 * CPU and memory of a whole container from its cgroup, found through its init process's
 * /proc/<pid>/cgroup (works for cgroup v1 and v2, cgroupfs and systemd drivers, nested hosts).
 * A container's cgroup covers every process in it (HAProxy's master and worker, a shell and its child),
 * which /proc/<pid>/stat of one process would not.
 */
export interface CgroupFiles {
  /** Cumulative CPU: v1 cpuacct.usage (ns) or v2 cpu.stat usage_usec. */
  readonly cpu: { readonly file: string; readonly unit: 'ns' | 'usec-stat' } | undefined;
  /** v1 memory.stat (total_rss) or v2 memory.stat (anon). */
  readonly memoryStat: { readonly file: string; readonly key: 'total_rss' | 'anon' } | undefined;
  /** The cpu controller's cpu.stat (v1 or v2): CFS throttling counters of a capped container. */
  readonly cpuStat?: string | undefined;
}

/** Pure: maps the text of /proc/<pid>/cgroup to the files to read under `root` (normally /sys/fs/cgroup). */
export function cgroupFilesFrom(procCgroup: string, root = '/sys/fs/cgroup'): CgroupFiles {
  let cpu: CgroupFiles['cpu'];
  let memoryStat: CgroupFiles['memoryStat'];
  let cpuStat: string | undefined;
  let unified: string | undefined;
  for (const line of procCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, hierarchy, controllers, cgroupPath] = m as unknown as [string, string, string, string];
    const list = controllers.split(',');
    if (hierarchy === '0' && controllers === '') unified = cgroupPath;
    // v1: the controller's own mount is named after its controller list (cpu,cpuacct or cpuacct).
    if (list.includes('cpuacct')) cpu = { file: path.posix.join(root, controllers, cgroupPath, 'cpuacct.usage'), unit: 'ns' };
    if (list.includes('cpu')) cpuStat = path.posix.join(root, controllers, cgroupPath, 'cpu.stat');
    if (list.includes('memory')) memoryStat = { file: path.posix.join(root, 'memory', cgroupPath, 'memory.stat'), key: 'total_rss' };
  }
  // Pure v2: only the "0::" line carries a path; a hybrid host's "0::/" says nothing about the container.
  if (cpu === undefined && unified !== undefined && unified !== '/') cpu = { file: path.posix.join(root, unified, 'cpu.stat'), unit: 'usec-stat' };
  if (memoryStat === undefined && unified !== undefined && unified !== '/') memoryStat = { file: path.posix.join(root, unified, 'memory.stat'), key: 'anon' };
  if (cpuStat === undefined && unified !== undefined && unified !== '/') cpuStat = path.posix.join(root, unified, 'cpu.stat');
  return { cpu, memoryStat, ...(cpuStat !== undefined ? { cpuStat } : {}) };
}

/** CFS throttling counters from the text of a cpu.stat: v1 (throttled_time, ns) or v2 (throttled_usec). */
export function parseCpuStatThrottling(text: string): CpuThrottling | undefined {
  const field = (k: string): number | undefined => {
    const m = new RegExp(`^${k} (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const periods = field('nr_periods');
  const throttledPeriods = field('nr_throttled');
  const usec = field('throttled_usec');
  const ns = field('throttled_time');
  if (periods === undefined || throttledPeriods === undefined || (usec === undefined && ns === undefined)) return undefined;
  return { periods, throttledPeriods, throttledUs: usec ?? (ns as number) / 1000 };
}

/** A container's throttling so far; undefined when it has no cpu controller file or it is gone. */
export function cgroupThrottling(files: CgroupFiles | undefined): CpuThrottling | undefined {
  if (!files?.cpuStat) return undefined;
  try {
    return parseCpuStatThrottling(readFileSync(files.cpuStat, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readCgroupFiles(pid: number): CgroupFiles | undefined {
  try {
    return cgroupFilesFrom(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Cumulative CPU in µs, or undefined when the file is gone (container removed) or unreadable. */
export function cgroupCpuMicros(files: CgroupFiles | undefined): number | undefined {
  if (!files?.cpu) return undefined;
  try {
    const text = readFileSync(files.cpu.file, 'utf8');
    if (files.cpu.unit === 'ns') return Number(text.trim()) / 1000;
    const m = /^usage_usec (\d+)$/m.exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function cgroupRssBytes(files: CgroupFiles | undefined): number | undefined {
  if (!files?.memoryStat) return undefined;
  try {
    const m = new RegExp(`^${files.memoryStat.key} (\\d+)$`, 'm').exec(readFileSync(files.memoryStat.file, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
