import net from 'node:net';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { findExecutable } from '../proc/find-executable.js';
import { HarnessError } from '../errors/harness-error.js';
import { describeExit, startProcess, type StartedProcess } from '../proc/child-process.js';
import { processCpuMicros, processRssBytes } from '../proc/proc-stat.js';
import { probeRedis } from './redis-probe.js';
import { waitFor } from '../proc/wait-for.js';

export interface RedisProcessSpec {
  /** Labels the process (and its restarts) so the reaper finds it if the harness dies. */
  readonly runId: string;
  readonly readinessTimeoutMs: number;
  /** Human name in errors; default "redis". */
  readonly name?: string;
  /** Path of redis-server; default: found in PATH, /usr/bin, /usr/local/bin, /usr/sbin. */
  readonly command?: string;
  /** Working directory handed to redis (`--dir`). Nothing is written there (no RDB, no AOF). */
  readonly dir?: string;
  /** How many reserved ports to try before giving up (another process can take one in between). */
  readonly maxPortAttempts?: number;
  /** Test seam: returns a port believed to be free on 127.0.0.1. */
  readonly reservePort?: () => Promise<number>;
}

/**
 * The two ways a store fails, as a fault names them:
 * - `hang`: SIGSTOP, then SIGCONT. Connections stay open and commands hang until the client's own
 *   timeout fires; the data survives. (A GC pause, a stuck disk, a network partition without RST.)
 * - `refuse`: SIGKILL, then a fresh redis-server on the same port. Connections are reset and new ones
 *   refused; the store comes back *empty* (it keeps nothing on disk), so sessions, handles and tasks
 *   written before the outage are gone. (A crashed or restarted cache without persistence.)
 */
export type RedisOutageMode = 'hang' | 'refuse';

const HOST = '127.0.0.1';
const DEFAULT_PORT_ATTEMPTS = 5;
const PROBE_TIMEOUT_MS = 500;
export const REDIS_SEARCH_DIRS: readonly string[] = ['/usr/bin', '/usr/local/bin', '/usr/sbin'];
const SEARCH_DIRS = REDIS_SEARCH_DIRS;

/**
 * A redis-server child process on 127.0.0.1. redis cannot bind port 0 (`--port 0` means "no TCP"),
 * and 7.0 cannot inherit a listening socket, so the port is reserved-then-bound: the harness binds
 * port 0 to learn a free port, closes it, starts redis on it, and on "Address already in use" tries a
 * new port (a few times). Readiness is a PING plus an INFO check that the answering server is this
 * process (a stranger that grabbed the port in between would otherwise pass).
 */
export class StartedRedis implements AsyncDisposable {
  readonly host = HOST;
  readonly port: number;
  readonly url: string;
  private current: StartedProcess;
  private frozen = false;
  private stopped: Promise<void> | undefined;
  private readonly stopSignal = new AbortController();
  private readonly spec: RedisProcessSpec;
  private readonly command: string;

  constructor(spec: RedisProcessSpec, command: string, port: number, proc: StartedProcess) {
    this.spec = spec;
    this.command = command;
    this.port = port;
    this.url = `redis://${HOST}:${port}`;
    this.current = proc;
  }

  /** Pid of the running redis-server (it changes across a `refuse` outage). */
  get pid(): number {
    return this.current.pid;
  }

  cpuMicros(): number | undefined {
    return processCpuMicros(this.current.pid);
  }

  rssBytes(): number | undefined {
    return processRssBytes(this.current.pid);
  }

  /** Resolves once the store answers again (PING), rejecting after `timeoutMs`. */
  async waitReady(timeoutMs = this.spec.readinessTimeoutMs, signal?: AbortSignal): Promise<void> {
    await waitUntilServing(this.current, this.port, timeoutMs, this.spec.name ?? 'redis', signal);
  }

  /** Hung store: SIGSTOP now; `thaw()` resumes. */
  freeze(): void {
    this.assertRunning('freeze');
    this.current.signal('SIGSTOP');
    this.frozen = true;
  }

  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.current.signal('SIGCONT');
  }

  /** Refused store: SIGKILL and wait for the exit; `restart()` brings an empty store back on the same port. */
  async kill(): Promise<void> {
    this.assertRunning('kill');
    this.thaw();
    this.current.signal('SIGKILL');
    await this.current.exited;
  }

  async restart(signal?: AbortSignal): Promise<void> {
    this.assertRunning('restart');
    if (!this.current.hasExited) throw new Error(`${this.spec.name ?? 'redis'} is still running; kill() it before restart()`);
    const proc = await launchOnPort(this.spec, this.command, this.port, signal);
    if (proc === 'port-taken') {
      throw new HarnessError('E_PROCESS_START', `${this.spec.name ?? 'redis'} could not be restarted: port ${this.port} was taken during the outage`, {
        hint: 'Another process bound the port while redis was down; replicas know only this address, so the run cannot continue with this store.',
      });
    }
    this.current = proc;
  }

  /**
   * One outage of `durationMs`, then waits until the store serves again. Resolves when it does;
   * an earlier `stop()` ends the wait (and the outage) at once.
   */
  async outage(mode: RedisOutageMode, durationMs: number, abort?: AbortSignal): Promise<void> {
    // Ends early when the store is stopped (teardown) or the run is interrupted.
    const signal = abort ? AbortSignal.any([abort, this.stopSignal.signal]) : this.stopSignal.signal;
    if (mode === 'hang') {
      this.freeze();
      try {
        await delay(durationMs, undefined, { signal });
      } finally {
        this.thaw();
      }
      await this.waitReady(undefined, signal);
      return;
    }
    await this.kill();
    await delay(durationMs, undefined, { signal });
    await this.restart(signal);
  }

  /** Final stop; idempotent. A frozen process is resumed first so SIGTERM is not left pending. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopSignal.abort(new Error('redis stopped'));
      this.thaw();
      await this.current.stop();
    })();
    return this.stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private assertRunning(action: string): void {
    if (this.stopped) throw new Error(`cannot ${action} ${this.spec.name ?? 'redis'}: it was stopped`);
  }
}

export async function startRedisProcess(spec: RedisProcessSpec, signal?: AbortSignal): Promise<StartedRedis> {
  const command = spec.command ?? (await findExecutable('redis-server', SEARCH_DIRS));
  if (command === undefined) {
    throw new HarnessError('E_PROCESS_START', 'redis-server not found in PATH or ' + SEARCH_DIRS.join(', '), {
      hint: 'Install it with `apt-get install redis-server` (a system service it may start on :6379 is not used).',
    });
  }
  const attempts = spec.maxPortAttempts ?? DEFAULT_PORT_ATTEMPTS;
  const reserve = spec.reservePort ?? reserveLoopbackPort;
  const tried: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const port = await reserve();
    tried.push(port);
    const proc = await launchOnPort(spec, command, port, signal);
    if (proc !== 'port-taken') return new StartedRedis(spec, command, port, proc);
  }
  throw new HarnessError('E_PROCESS_START', `${spec.name ?? 'redis'} could not bind a port after ${attempts} attempts (tried ${tried.join(', ')})`, {
    hint: 'Something keeps taking the ports the OS reports free; check for a port scanner or a crowded ephemeral range.',
  });
}

/**
 * The arguments that make redis a throwaway in-memory store listening on loopback only.
 * `--set-proc-title no`: redis otherwise rewrites its title over the memory of argv *and* environ,
 * which erases the run-id label from /proc/<pid>/environ and hides a leftover redis from the reaper.
 */
export function redisArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--logfile', '', '--loglevel', 'notice', '--set-proc-title', 'no'];
}

async function launchOnPort(spec: RedisProcessSpec, command: string, port: number, signal?: AbortSignal): Promise<StartedProcess | 'port-taken'> {
  const name = spec.name ?? 'redis';
  const proc = await startProcess({ name: `${name} (port ${port})`, command, args: redisArgs(port, spec.dir ?? os.tmpdir()), runId: spec.runId });
  try {
    await waitUntilServing(proc, port, spec.readinessTimeoutMs, name, signal);
    return proc;
  } catch (e) {
    await proc.stop();
    if (/Address already in use|Failed listening on port/.test(proc.recentOutput())) return 'port-taken';
    throw e;
  }
}

async function waitUntilServing(proc: StartedProcess, port: number, timeoutMs: number, name: string, signal?: AbortSignal): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (proc.hasExited) return 'exited' as const;
        const probe = await probeRedis(HOST, port, PROBE_TIMEOUT_MS);
        if (probe.pid !== proc.pid) throw new Error(`port ${port} is answered by another redis (pid ${probe.pid})`);
        return 'serving' as const;
      },
      { timeoutMs, intervalMs: 10, what: `${name} on ${HOST}:${port}`, signal },
    ).then((state) => {
      if (state === 'exited') throw new Error('exited');
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    const exit = proc.hasExited ? await proc.exited : undefined;
    const output = proc.recentOutput().split('\n').slice(-6);
    throw new HarnessError(exit ? 'E_PROCESS_EXIT' : 'E_READINESS_TIMEOUT', exit ? `${name} exited before serving (${describeExit(exit)})` : `${name} did not answer PING on ${HOST}:${port} within ${timeoutMs} ms`, {
      cause: e,
      details: output.length > 0 && output[0] !== '' ? ['its last output:', ...output] : ['it printed nothing'],
    });
  }
}

/** A port the OS considered free a moment ago (bound to port 0, then released). */
export async function reserveLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: 0, exclusive: true }, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('loopback listener has no port');
  return address.port;
}
