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
 * harness that died (its owner pid is gone) and leave a live run's alone. Where cpu and cpuacct are
 * mounted apart, only a capped group joins the cpu hierarchy, under its own top folder
 * (mcp-lb-bench-capped): the cpu controller also weighs groups, and a subtree competes with the
 * machine's other processes as if it were a single one of them, so every replica and balancer in it
 * would share one process's CPU when the machine is busy.
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
const CAPPED_TOP = 'mcp-lb-bench-capped';
/**
 * The capped subtree's weight against the machine's other processes. Its processes are bounded by their
 * quotas already; the weight only decides who waits when the machine is full, and one process's share
 * (1024) would leave several capped replicas below their quotas on a busy machine.
 */
const CAPPED_TOP_SHARES = 16 * 1024;

function controllerDir(controller: 'cpuacct' | 'cpu'): string | undefined {
  // A v1 host mounts each controller on its own folder, or cpu and cpuacct together (cpu,cpuacct).
  for (const name of [controller, 'cpu,cpuacct', 'cpuacct,cpu']) {
    const dir = path.join(CGROUP_ROOT, name);
    if (existsSync(path.join(dir, controller === 'cpuacct' ? 'cpuacct.usage' : 'cpu.cfs_quota_us'))) return dir;
  }
  return undefined;
}

function groupDir(mount: string, ownerPid: number, runId: string, name: string, top = TOP): string {
  return path.join(mount, top, `${ownerPid}-${runId.replace(/[^a-zA-Z0-9_.-]/g, '_')}`, name.replace(/[^a-zA-Z0-9_.-]/g, '_'));
}

/** The cpu group of a capped process where cpu is mounted apart: made on the first cap, under the weighted top. */
function cappedCpuDir(cpuMount: string, runId: string, name: string): string {
  const dir = groupDir(cpuMount, process.pid, runId, name, CAPPED_TOP);
  mkdirSync(dir, { recursive: true });
  const shares = path.join(cpuMount, CAPPED_TOP, 'cpu.shares');
  if ((readNumber(shares) ?? 0) < CAPPED_TOP_SHARES) writeFileSync(shares, String(CAPPED_TOP_SHARES));
  return dir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
  try {
    mkdirSync(acct, { recursive: true });
  } catch {
    return undefined;
  }
  // Co-mounted: the accounting group is the cpu group. Apart: a cpu group exists only once capped.
  let cpu: string | undefined = cpuMount === acctMount ? acct : undefined;
  const added: number[] = [];
  let removed = false;
  const join = (dir: string, pids: readonly number[]): void => {
    for (const pid of pids) writeFileSync(path.join(dir, 'cgroup.procs'), String(pid));
  };
  return {
    name,
    add(pids) {
      join(acct, pids);
      added.push(...pids);
      if (cpu && cpu !== acct) join(cpu, pids);
    },
    cpuMicros() {
      if (removed) return undefined;
      const ns = readNumber(path.join(acct, 'cpuacct.usage'));
      return ns === undefined ? undefined : ns / 1000;
    },
    setCpuCap(cores, periodUs) {
      if (!cpuMount) throw new Error(`no cpu controller to cap ${name} (cgroup v1 cpu not mounted)`);
      if (!cpu) {
        if (cores === undefined) return; // not in the cpu hierarchy: nothing to lift
        cpu = cappedCpuDir(cpuMount, runId, name);
        join(cpu, added.filter(isAlive));
      }
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
      for (const dir of new Set([acct, ...(cpu ? [cpu] : [])])) {
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
  const tops = [
    [controllerDir('cpuacct'), TOP],
    [controllerDir('cpu'), TOP],
    [controllerDir('cpu'), CAPPED_TOP],
  ] as const;
  for (const [mount, topName] of tops) {
    if (!mount) continue;
    const top = path.join(mount, topName);
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
