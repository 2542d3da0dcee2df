import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { HarnessError } from '../errors/harness-error.js';
import { LifelineWatchdog } from './lifeline-watchdog.js';
import { onAbort } from './on-abort.js';

/** Environment labels every harness-started process carries, so leftovers can be found and reaped. */
export const RUN_ID_ENV = 'MCP_LB_BENCH_RUN_ID';
export const OWNER_PID_ENV = 'MCP_LB_BENCH_OWNER_PID';

export interface ProcessSpec {
  /** Human name used in errors, e.g. "replica r2" or "haproxy". */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly runId: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** File descriptors of the parent handed to the child as fd 3, 4, ... (e.g. a listening socket). */
  readonly inheritFds?: readonly number[];
  /**
   * Keep a pipe on the child's stdin. Harness-owned Node children exit gracefully when it closes.
   * Third-party binaries (haproxy) get /dev/null instead. Either way a lifeline watchdog SIGKILLs the
   * child's process group when the harness goes (see startProcess).
   */
  readonly stdinLifeline?: boolean;
}

export interface StartedProcessOptions {
  /** The child was spawned `detached`: it leads a process group of its own, stopped as a whole. */
  readonly groupLeader?: boolean;
  /** Disarmed once the child is gone; `exited` resolves after that. */
  readonly watchdog?: LifelineWatchdog;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const OUTPUT_LINES_KEPT = 40;

/** A running child process. `stop()` is idempotent and also runs on `await using`. */
export class StartedProcess implements AsyncDisposable {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private readonly recent: string[] = [];
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly groupLeader: boolean;
  private exitInfo: ProcessExit | undefined;
  private stopping: Promise<void> | undefined;

  constructor(child: ChildProcess, name: string, options: StartedProcessOptions = {}) {
    if (child.pid === undefined) throw new Error('child has no pid');
    this.child = child;
    this.name = name;
    this.pid = child.pid;
    this.groupLeader = options.groupLeader ?? false;
    // The group lives and dies with its leader: what the leader leaves behind (an nginx worker whose
    // master was SIGKILLed, a loader's helper) would hold the output pipes, and 'close' never come.
    child.once('exit', () => this.signalGroup('SIGKILL'));
    this.exited = new Promise((resolve) => {
      // 'close' (not 'exit'): it comes after the last output line, so error messages quote all of it.
      child.once('close', (code, signal) => {
        const exit: ProcessExit = { code, signal };
        this.exitInfo = exit;
        // The group is gone: its watchdog has nothing left to guard (and must not outlive it).
        void (options.watchdog?.disarm() ?? Promise.resolve()).then(() => resolve(exit));
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.onLine(line);
      });
    }
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /** The last lines the process printed (stdout and stderr interleaved), for error messages. */
  recentOutput(): string {
    return this.recent.join('\n');
  }

  /**
   * Resolves with the first output line matching `predicate`. Rejects if the process exits first or
   * the deadline passes, quoting what the process printed.
   */
  waitForLine<T>(parse: (line: string) => T | undefined, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.lineListeners.delete(listener);
        stopWatchingAbort();
      };
      const listener = (line: string): void => {
        const value = parse(line);
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new HarnessError('E_READINESS_TIMEOUT', `${this.name} (pid ${this.pid}) did not report ready within ${timeoutMs} ms`, {
          details: this.recentOutput() ? ['its last output:', ...this.recent.slice(-10)] : ['it printed nothing'],
          hint: 'Run the same command by hand to see why it does not start, or raise the readiness timeout on a slow machine.',
        }));
      }, timeoutMs);
      // One listener on the caller's signal however many waits share it (a cell starting 12 replicas).
      const stopWatchingAbort = signal
        ? onAbort(signal, () => {
            cleanup();
            reject(signal.reason ?? new Error('aborted'));
          })
        : () => undefined;
      this.lineListeners.add(listener);
      void this.exited.then((exit) => {
        if (!this.lineListeners.has(listener)) return;
        cleanup();
        reject(new HarnessError('E_PROCESS_EXIT', `${this.name} exited before it was ready (${describeExit(exit)})`, {
          details: this.recentOutput() ? ['its last output:', ...this.recent.slice(-10)] : ['it printed nothing'],
        }));
      });
    });
  }

  /**
   * SIGTERM to the process, then SIGKILL to its whole group after `graceMs`; resolves once the
   * group and its watchdog are gone. Safe to call any number of times.
   */
  stop(graceMs = 3000): Promise<void> {
    this.stopping ??= (async () => {
      if (this.exitInfo) return void (await this.exited);
      this.child.stdin?.destroy();
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => (this.groupLeader ? this.signalGroup('SIGKILL') : this.child.kill('SIGKILL')), graceMs);
      await this.exited;
      clearTimeout(timer);
    })();
    return this.stopping;
  }

  /** Sends a signal to the process alone, without waiting (used by fault injection). */
  signal(sig: NodeJS.Signals): void {
    if (!this.exitInfo) this.child.kill(sig);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private signalGroup(sig: NodeJS.Signals): void {
    if (!this.groupLeader) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      // ESRCH: the group is empty already.
    }
  }

  private onLine(line: string): void {
    this.recent.push(line);
    if (this.recent.length > OUTPUT_LINES_KEPT) this.recent.shift();
    for (const l of [...this.lineListeners]) l(line);
  }
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

/**
 * Spawns a labelled child process; resolves once the OS has started it (not once it is ready).
 *
 * Every child leads its own process group (and session): a Ctrl-C typed in the terminal reaches the
 * harness's foreground group only, so the harness decides when and in which order its children stop,
 * and `stop()` can end a child together with whatever it forked. Out of the terminal's group, a child
 * no longer dies with the terminal either; a lifeline watchdog (lifeline-watchdog.ts) kills its group
 * when the harness goes, however it goes (normal exit, forced second Ctrl-C, crash, SIGKILL).
 */
export async function startProcess(spec: ProcessSpec): Promise<StartedProcess> {
  const labels = { [RUN_ID_ENV]: spec.runId, [OWNER_PID_ENV]: String(process.pid) };
  let watchdog: LifelineWatchdog;
  try {
    watchdog = await LifelineWatchdog.start({ ...(process.env.PATH ? { PATH: process.env.PATH } : {}), ...labels });
  } catch (e) {
    throw new HarnessError('E_PROCESS_START', `could not start the lifeline watchdog (/bin/sh) of ${spec.name}`, {
      cause: e,
      hint: 'The harness guards every child with a small /bin/sh process so nothing outlives it; it needs a POSIX shell at /bin/sh.',
    });
  }
  const stdio: Array<'pipe' | 'ignore' | number> = [spec.stdinLifeline ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(spec.inheritFds ?? [])];
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, ...labels },
    stdio,
    detached: true,
  });
  if (child.pid !== undefined) watchdog.arm(child.pid);
  try {
    await once(child, 'spawn');
  } catch (e) {
    await watchdog.disarm();
    throw new HarnessError('E_PROCESS_START', `could not start ${spec.name}: ${spec.command} ${spec.args.join(' ')}`, {
      cause: e,
      hint: (e as NodeJS.ErrnoException).code === 'ENOENT' ? `Is \`${spec.command}\` installed and on PATH? \`mcp-lb-bench doctor\` lists what this machine has.` : undefined,
    });
  }
  return new StartedProcess(child, spec.name, { groupLeader: true, watchdog });
}
