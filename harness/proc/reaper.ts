import { readdirSync, readFileSync } from 'node:fs';
import { childPids } from './process-tree.js';
import { OWNER_PID_ENV, RUN_ID_ENV } from './child-process.js';

export interface LeftoverProcess {
  readonly pid: number;
  readonly runId: string;
  readonly ownerPid: number;
  readonly cmdline: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every process on this machine that carries a harness run label (from /proc; Linux only). */
export function labelledProcesses(): LeftoverProcess[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: LeftoverProcess[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    let runId: string | undefined;
    let ownerPid: number | undefined;
    for (const kv of environ.split('\0')) {
      if (kv.startsWith(RUN_ID_ENV + '=')) runId = kv.slice(RUN_ID_ENV.length + 1);
      else if (kv.startsWith(OWNER_PID_ENV + '=')) ownerPid = Number(kv.slice(OWNER_PID_ENV.length + 1));
    }
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      /* raced with exit */
    }
    if (runId === undefined || ownerPid === undefined) ({ runId, ownerPid } = nginxMasterLabels(cmdline));
    if (runId === undefined || ownerPid === undefined) continue;
    found.push({ pid, runId, ownerPid, cmdline });
  }
  return found;
}

/**
 * nginx overwrites its environment block with its process title, so its master carries the labels on
 * its command line instead (`-g "env MCP_LB_BENCH_RUN_ID=...; env MCP_LB_BENCH_OWNER_PID=...;"`, see
 * balancers/nginx-balancer.ts). Only an nginx master's title is read this way.
 */
function nginxMasterLabels(cmdline: string): { runId: string | undefined; ownerPid: number | undefined } {
  if (!cmdline.startsWith('nginx: master process')) return { runId: undefined, ownerPid: undefined };
  const runId = new RegExp(`${RUN_ID_ENV}=([^\\s;]+)`).exec(cmdline)?.[1];
  const owner = new RegExp(`${OWNER_PID_ENV}=(\\d+)`).exec(cmdline)?.[1];
  return { runId, ownerPid: owner === undefined ? undefined : Number(owner) };
}

/** Processes of a given run that are still alive. */
export function processesOfRun(runId: string): LeftoverProcess[] {
  return labelledProcesses().filter((p) => p.runId === runId);
}

/**
 * Kills labelled processes whose owning harness is gone (it crashed or was SIGKILLed before teardown).
 * Processes of live harnesses, including concurrent runs, are left alone.
 */
export function reapOrphans(): LeftoverProcess[] {
  const orphans = labelledProcesses().filter((p) => !isAlive(p.ownerPid));
  for (const p of orphans) {
    // Children first (an nginx master's workers): killed after their master, they would live on unlabelled.
    for (const child of childPids(p.pid)) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return orphans;
}
