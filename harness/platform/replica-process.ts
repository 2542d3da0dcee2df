import type { LegacyServerOptions } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { describeExit, startProcess, type StartedProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { processCpuMicros, processRssBytes } from '../proc/proc-stat.js';
import { createProcessCgroup, type ProcessCgroup } from '../proc/process-cgroup.js';
import { STATS_PATH, type ReplicaReadyLine, type ReplicaStats, type ServerModel } from '../servers/replica-contract.js';
import { parseFinalStatsLine, parseReadyLine } from '../servers/replica-ready-line.js';
import type { ReplicaStateOptions } from '../servers/replica-state-args.js';
import { IncarnationLedger } from './incarnation-ledger.js';
import type { CpuCap, ReplicaHandle } from './platform.js';
import { replicaCommandArgs } from './replica-command-args.js';
import { readReplicaStats } from './replica-stats-reader.js';

export interface ReplicaProcessSpec {
  readonly id: string;
  readonly model: ServerModel;
  readonly runId: string;
  readonly legacy: LegacyServerOptions;
  readonly readinessTimeoutMs: number;
  /** State strategies and the Redis address (`--redis-url`); absent = the plain reference server. */
  readonly state?: ReplicaStateOptions | undefined;
  /** Names the replica's cgroup (exact CPU of all its threads, and the CPU cap) when cgroups are usable. */
  readonly cgroupName?: string;
  /** Caps the replica's cgroup once it is ready (start-up stays fast); needs the cgroup. */
  readonly cpuCap?: CpuCap | undefined;
}

/** A replica process handle plus what only its launcher needs: the final teardown. */
export interface ReplicaProcess extends ReplicaHandle {
  readonly port: number;
  /** Where its CPU figures come from: its own cgroup (ns, every thread), or /proc (schedstat or 10 ms ticks). */
  readonly cpuSource: 'cgroup' | 'proc';
  /** Its cgroup, when it has one (CPU caps and throttling counters for sizing). */
  readonly cgroup: ProcessCgroup | undefined;
  dispose(): Promise<void>;
}

const HOST = '127.0.0.1';
// A graceful stop's final report comes right after the last in-flight request; this bounds the wait.
const FINAL_REPORT_SLACK_MS = 2_000;

async function launch(spec: ReplicaProcessSpec, port: number, signal?: AbortSignal): Promise<{ proc: StartedProcess; ready: ReplicaReadyLine }> {
  const cmd = nodeEntry('servers/replica-main', replicaCommandArgs({ id: spec.id, model: spec.model, host: HOST, port, legacy: spec.legacy, state: spec.state }));
  const proc = await startProcess({ name: `replica ${spec.id} (${spec.model})`, command: cmd.command, args: cmd.args, runId: spec.runId, stdinLifeline: true });
  try {
    return { proc, ready: await proc.waitForLine(parseReadyLine, spec.readinessTimeoutMs, signal) };
  } catch (e) {
    await proc.stop();
    throw e;
  }
}

/**
 * Starts one reference replica as a child process on 127.0.0.1 (OS-chosen port) and waits for its
 * ready line. Later incarnations (start after a kill, restart) come back on the same port, since the
 * balancer's configuration names it.
 */
export async function startReplicaProcess(spec: ReplicaProcessSpec, signal?: AbortSignal): Promise<ReplicaProcess> {
  const first = await launch(spec, 0, signal);
  let proc = first.proc;
  // Every incarnation goes into the same group, so its CPU counter is cumulative across restarts.
  const cgroup = spec.cgroupName ? createProcessCgroup(spec.runId, spec.cgroupName) : undefined;
  try {
    if (spec.cpuCap) capCpu(cgroup, spec.cpuCap, spec.id);
    cgroup?.add([proc.pid]);
  } catch (e) {
    await proc.stop();
    cgroup?.remove();
    throw e;
  }
  const port = first.ready.port;
  const url = `http://${HOST}:${port}`;
  const ledger = new IncarnationLedger(proc.pid);
  let paused = false;
  // Set while the handle itself ends an incarnation (or the topology is torn down): any other exit is a death.
  let ending = false;
  const watch = (p: StartedProcess): void => {
    void p.exited.then((exit) => {
      if (ending || proc !== p || !ledger.live) return;
      ledger.ended('exited', undefined, describeExit(exit));
    });
  };
  watch(proc);

  const end = async (how: 'killed' | 'terminated' | 'restarted', stop: (p: StartedProcess) => Promise<void>, graceMs: number): Promise<void> => {
    const current = proc;
    if (current.hasExited) return;
    if (!cgroup) ledger.observedCpu(processCpuMicros(current.pid));
    const final = current.waitForLine(parseFinalStatsLine, graceMs + FINAL_REPORT_SLACK_MS).catch(() => undefined);
    if (paused) current.signal('SIGCONT');
    paused = false;
    ending = true;
    try {
      await stop(current);
      ledger.ended(how, how === 'killed' ? undefined : await final, how === 'killed' ? 'killed by the harness' : undefined);
    } finally {
      ending = false;
    }
  };
  const start = async (sig?: AbortSignal): Promise<void> => {
    if (!proc.hasExited) return;
    proc = (await launch(spec, port, sig)).proc;
    cgroup?.add([proc.pid]);
    ledger.started(proc.pid);
    watch(proc);
  };

  return {
    id: spec.id,
    port,
    url,
    sdk: first.ready.sdk,
    get pid() {
      return proc.hasExited ? 0 : proc.pid;
    },
    async stats(): Promise<ReplicaStats> {
      if (proc.hasExited) {
        const banked = ledger.bankedStats();
        if (banked) return banked;
      }
      return ledger.observed(await readReplicaStats(url + STATS_PATH, `replica ${spec.id}`));
    },
    cpuSource: cgroup ? 'cgroup' : 'proc',
    cgroup,
    throttling: () => cgroup?.throttling(),
    setCpuCap: async (cap: CpuCap) => capCpu(cgroup, cap, spec.id),
    cpuMicros: () => (cgroup ? cgroup.cpuMicros() : ledger.observedCpu(proc.hasExited ? undefined : processCpuMicros(proc.pid))),
    rssBytes: () => (proc.hasExited ? undefined : processRssBytes(proc.pid)),
    incarnations: () => ledger.incarnations(),
    kill: (sig: NodeJS.Signals = 'SIGKILL') =>
      end('killed', async (p) => {
        p.signal(sig);
        await p.exited;
      }, 0),
    terminate: (graceMs: number) => end('terminated', (p) => p.stop(graceMs), graceMs),
    start,
    async restart(graceMs: number, sig?: AbortSignal): Promise<void> {
      await end('restarted', (p) => p.stop(graceMs), graceMs);
      await start(sig);
    },
    async pause(): Promise<void> {
      proc.signal('SIGSTOP');
      paused = true;
    },
    async resume(): Promise<void> {
      proc.signal('SIGCONT');
      paused = false;
    },
    async dispose(): Promise<void> {
      ending = true;
      if (paused) proc.signal('SIGCONT');
      await proc.stop();
      cgroup?.remove();
    },
  };
}

/** A cap needs the replica's own cgroup with the cpu controller: without one it would run uncapped, silently. */
function capCpu(cgroup: ProcessCgroup | undefined, cap: CpuCap, id: string): void {
  const hint = 'capping replica CPU on the process platform needs root and the cgroup v1 cpu controller (mounted at /sys/fs/cgroup/cpu); or use --platform docker';
  if (!cgroup) throw new HarnessError('E_PLATFORM_UNAVAILABLE', `cannot cap replica ${id} at ${cap.cores} cores: no cgroup of its own here`, { hint });
  try {
    cgroup.setCpuCap(cap.cores, cap.periodUs);
  } catch (e) {
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', `cannot cap replica ${id} at ${cap.cores} cores: ${(e as Error).message}`, { cause: e, hint });
  }
}
