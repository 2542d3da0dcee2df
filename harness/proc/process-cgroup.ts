import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCpuStatThrottling } from './cgroup-files.js';

/**
 * A cgroup (v1) of its own for one process the harness starts: exact CPU accounting for every thread
 * and child (cpuacct.usage, in ns) and, when asked, a CPU cap (cpu.cfs_quota_us / cfs_period_us, what a
 * pod's CPU limit is) with its throttling counters. Needs root and the v1 cpuacct (and cpu) controllers
 * mounted, as on the machines this harness targets; elsewhere `createProcessCgroup` returns undefined
 * and callers fall back to /proc (and cannot cap).
 *
 * Layout: <mount>/mcp-lb-bench/<ownerPid>-<runId>/<name>, so a later run can remove the folders of a
 * harness that died (its owner pid is gone) and leave a live run's alone.
 */
export interface ProcessCgroup {
  readonly name: string;
  /** Moves processes (all their threads) into the group; children they start later stay in it. */
  add(pids: readonly number[]): void;
  /** Cumulative CPU of everything in the group, µs (ns resolution); undefined once removed. */
  cpuMicros(): number | undefined;
  /** Caps the group at `cores` CPUs per `periodUs` (CFS bandwidth); undefined = no cap. */
  setCpuCap(cores: number | undefined, periodUs: number): void;
  /** CFS throttling so far: periods, throttled periods, time throttled (µs); undefined without the cpu controller. */
  throttling(): CpuThrottling | undefined;
  /** Removes the folders (once the processes are gone); never throws. */
  remove(): void;
}

export interface CpuThrottling {
  readonly periods: number;
  readonly throttledPeriods: number;
  readonly throttledUs: number;
}

export const CGROUP_ROOT = '/sys/fs/cgroup';
const TOP = 'mcp-lb-bench';

function controllerDir(controller: 'cpuacct' | 'cpu'): string | undefined {
  // A v1 host mounts each controller on its own folder, or cpu and cpuacct together (cpu,cpuacct).
  for (const name of [controller, 'cpu,cpuacct', 'cpuacct,cpu']) {
    const dir = path.join(CGROUP_ROOT, name);
    if (existsSync(path.join(dir, controller === 'cpuacct' ? 'cpuacct.usage' : 'cpu.cfs_quota_us'))) return dir;
  }
  return undefined;
}

function groupDir(mount: string, ownerPid: number, runId: string, name: string): string {
  return path.join(mount, TOP, `${ownerPid}-${runId.replace(/[^a-zA-Z0-9_.-]/g, '_')}`, name.replace(/[^a-zA-Z0-9_.-]/g, '_'));
}

function readNumber(file: string): number | undefined {
  try {
    const v = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A group for `name` in this run, or undefined where cgroups cannot be used (not root, no v1 cpuacct). */
export function createProcessCgroup(runId: string, name: string): ProcessCgroup | undefined {
  const acctMount = controllerDir('cpuacct');
  if (!acctMount) return undefined;
  const cpuMount = controllerDir('cpu');
  const acct = groupDir(acctMount, process.pid, runId, name);
  const cpu = cpuMount && cpuMount !== acctMount ? groupDir(cpuMount, process.pid, runId, name) : cpuMount ? acct : undefined;
  try {
    mkdirSync(acct, { recursive: true });
    if (cpu && cpu !== acct) mkdirSync(cpu, { recursive: true });
  } catch {
    return undefined;
  }
  const dirs = [...new Set([acct, ...(cpu ? [cpu] : [])])];
  let removed = false;
  return {
    name,
    add(pids) {
      for (const dir of dirs) for (const pid of pids) writeFileSync(path.join(dir, 'cgroup.procs'), String(pid));
    },
    cpuMicros() {
      if (removed) return undefined;
      const ns = readNumber(path.join(acct, 'cpuacct.usage'));
      return ns === undefined ? undefined : ns / 1000;
    },
    setCpuCap(cores, periodUs) {
      if (!cpu) throw new Error(`no cpu controller to cap ${name} (cgroup v1 cpu not mounted)`);
      writeFileSync(path.join(cpu, 'cpu.cfs_period_us'), String(Math.round(periodUs)));
      writeFileSync(path.join(cpu, 'cpu.cfs_quota_us'), cores === undefined ? '-1' : String(Math.max(1000, Math.round(cores * periodUs))));
    },
    throttling() {
      if (!cpu || removed) return undefined;
      try {
        return parseCpuStatThrottling(readFileSync(path.join(cpu, 'cpu.stat'), 'utf8'));
      } catch {
        return undefined;
      }
    },
    remove() {
      removed = true;
      for (const dir of dirs) {
        try {
          rmdirSync(dir);
          // The run's folder goes with its last group.
          rmdirSync(path.dirname(dir));
        } catch {
          /* still in use, or not empty yet: the next run's sweep removes it */
        }
      }
    },
  };
}

/**
 * Removes the empty group folders of harnesses that are gone (their owner pid in the folder name is
 * dead). Folders still holding processes are left: the process reaper kills those first.
 */
export function sweepProcessCgroups(isAlive: (pid: number) => boolean): number {
  let removed = 0;
  for (const controller of ['cpuacct', 'cpu'] as const) {
    const mount = controllerDir(controller);
    if (!mount) continue;
    const top = path.join(mount, TOP);
    let runs: string[];
    try {
      runs = readdirSync(top);
    } catch {
      continue;
    }
    for (const run of runs) {
      const owner = Number(run.split('-', 1)[0]);
      if (!Number.isInteger(owner) || isAlive(owner)) continue;
      const runDir = path.join(top, run);
      try {
        for (const g of readdirSync(runDir, { withFileTypes: true })) if (g.isDirectory()) rmdirSync(path.join(runDir, g.name));
        rmdirSync(runDir);
        removed++;
      } catch {
        /* a process is still inside: left for the next sweep */
      }
    }
  }
  return removed;
}
