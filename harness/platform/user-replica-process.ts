import type { UserServerCommand } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { describeExit, startProcess, type StartedProcess } from '../proc/child-process.js';
import { freePort } from '../proc/free-port.js';
import { processCpuMicros, processRssBytes } from '../proc/proc-stat.js';
import { createProcessCgroup, type ProcessCgroup } from '../proc/process-cgroup.js';
import type { ReplicaStats, ServerModel } from '../servers/replica-contract.js';
import { fillArgs, fillEnv, shellLine } from '../servers/user-server-args.js';
import { IncarnationLedger } from './incarnation-ledger.js';
import { waitForMcpReady, type McpServerIdentity } from './mcp-probe.js';
import type { ReplicaHandle } from './platform.js';

export interface UserReplicaProcessSpec {
  readonly id: string;
  readonly model: ServerModel;
  readonly runId: string;
  readonly command: UserServerCommand;
  readonly readinessTimeoutMs: number;
  readonly cgroupName?: string;
}

export interface UserReplicaProcess extends ReplicaHandle {
  readonly port: number;
  readonly cpuSource: 'cgroup' | 'proc';
  readonly cgroup: ProcessCgroup | undefined;
  dispose(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Stats of a server without the reference contract: the balancer counts for it (see ReplicaHandle.countsFrom). */
export function noStats(id: string): Promise<ReplicaStats> {
  return Promise.reject(
    new HarnessError('E_ADMIN_QUERY', `replica ${id} is your own server: it serves no /-/stats`, {
      hint: 'Its counts come from the balancer (countsFrom: balancer); this is a harness bug if you see it.',
    }),
  );
}

/**
 * One replica of your own server as a child process on 127.0.0.1: your command with `{port}` (a free
 * port the harness picked) and `{id}` filled in, ready once it answers an MCP probe (initialize or
 * server/discover). No harness contract: it need not print a ready line, serve /-/healthz or /-/stats,
 * or send X-Replica-Id (the balancer adds it and counts per replica). A restart comes back on the same
 * port, since the balancer's configuration names it.
 */
export async function startUserReplicaProcess(spec: UserReplicaProcessSpec, signal?: AbortSignal): Promise<UserReplicaProcess> {
  const port = await freePort(HOST);
  const placeholders = { port, id: spec.id };
  const argv = fillArgs(spec.command.argv, placeholders);
  const env = fillEnv(spec.command.env, placeholders);
  const byHand = shellLine(argv, env, spec.command.cwd);
  const url = `http://${HOST}:${port}`;
  const who = `replica ${spec.id} (your ${spec.model} server)`;

  const launch = async (sig?: AbortSignal): Promise<{ proc: StartedProcess; identity: McpServerIdentity }> => {
    const [command, ...args] = argv as [string, ...string[]];
    // A third-party program: no stdin lifeline (it may read stdin); the lifeline watchdog still guards its group.
    const proc = await startProcess({ name: who, command, args, env, ...(spec.command.cwd ? { cwd: spec.command.cwd } : {}), runId: spec.runId });
    try {
      const identity = await waitForMcpReady({
        who,
        baseUrl: url,
        model: spec.model,
        timeoutMs: spec.readinessTimeoutMs,
        signal: sig,
        exited: proc.exited.then(describeExit),
        recentOutput: () => proc.recentOutput().split('\n').filter(Boolean),
        command: byHand,
      });
      return { proc, identity };
    } catch (e) {
      await proc.stop();
      throw e;
    }
  };

  const first = await launch(signal);
  let proc = first.proc;
  const cgroup = spec.cgroupName ? createProcessCgroup(spec.runId, spec.cgroupName) : undefined;
  cgroup?.add([proc.pid]);
  const ledger = new IncarnationLedger(proc.pid);
  let paused = false;
  let ending = false;
  const watch = (p: StartedProcess): void => {
    void p.exited.then((exit) => {
      if (ending || proc !== p || !ledger.live) return;
      ledger.ended('exited', undefined, describeExit(exit));
    });
  };
  watch(proc);
  const end = async (how: 'killed' | 'terminated' | 'restarted', stop: (p: StartedProcess) => Promise<void>): Promise<void> => {
    const current = proc;
    if (current.hasExited) return;
    if (!cgroup) ledger.observedCpu(processCpuMicros(current.pid));
    if (paused) current.signal('SIGCONT');
    paused = false;
    ending = true;
    try {
      await stop(current);
      ledger.ended(how, undefined, how === 'killed' ? 'killed by the harness' : undefined);
    } finally {
      ending = false;
    }
  };
  const start = async (sig?: AbortSignal): Promise<void> => {
    if (!proc.hasExited) return;
    proc = (await launch(sig)).proc;
    cgroup?.add([proc.pid]);
    ledger.started(proc.pid);
    watch(proc);
  };

  return {
    id: spec.id,
    port,
    url,
    sdk: { [first.identity.name]: first.identity.version },
    countsFrom: 'balancer',
    get pid() {
      return proc.hasExited ? 0 : proc.pid;
    },
    stats: () => noStats(spec.id),
    cpuSource: cgroup ? 'cgroup' : 'proc',
    cgroup,
    cpuMicros: () => (cgroup ? cgroup.cpuMicros() : ledger.observedCpu(proc.hasExited ? undefined : processCpuMicros(proc.pid))),
    rssBytes: () => (proc.hasExited ? undefined : processRssBytes(proc.pid)),
    incarnations: () => ledger.incarnations(),
    kill: (sig: NodeJS.Signals = 'SIGKILL') =>
      end('killed', async (p) => {
        p.signal(sig);
        await p.exited;
      }),
    terminate: (graceMs: number) => end('terminated', (p) => p.stop(graceMs)),
    start,
    async restart(graceMs: number, sig?: AbortSignal): Promise<void> {
      await end('restarted', (p) => p.stop(graceMs));
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
