import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** argv[0] of every watchdog (its $0), so `ps` and the reaper's listing say what it is. */
export const WATCHDOG_TITLE = 'mcp-lb-bench-lifeline';

/**
 * Reads the process group to guard from the first line of stdin, then blocks reading until stdin
 * reaches EOF (the harness holds the other end and never writes again: EOF means the harness is gone,
 * however it died) and SIGKILLs that whole group. Only shell builtins (read, kill), so a watchdog is
 * one small process with no children of its own; `read` without a line means "never armed".
 */
const SCRIPT = 'read -r pgid || exit 0; while read -r _; do :; done; kill -KILL -"$pgid" 2>/dev/null';

/**
 * The lifeline of a child that cannot watch its own stdin (HAProxy, nginx, redis-server), and the
 * backstop of one that can but is frozen (a paused replica reads nothing): a `/bin/sh` per child that
 * SIGKILLs the child's process group when the harness's end of a pipe closes. Linux's
 * PR_SET_PDEATHSIG would need a native addon, and would not reach an nginx worker (its parent is the
 * master); the group kill does.
 *
 * Started before the child and armed with its pid right after the spawn, so no child runs unguarded
 * while the harness waits for a process to start. `disarm()` ends the watchdog without firing; the
 * harness calls it once the child's group is gone, so a watchdog never kills a recycled group id.
 */
export class LifelineWatchdog {
  private readonly child: ChildProcess;
  private disarming: Promise<void> | undefined;

  private constructor(child: ChildProcess) {
    this.child = child;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `env` is the whole environment of the watchdog: the run labels, so the reaper knows it too. */
  static async start(env: Readonly<Record<string, string>>): Promise<LifelineWatchdog> {
    const child = spawn('/bin/sh', ['-c', SCRIPT, WATCHDOG_TITLE], {
      // Its own group and session: a terminal's Ctrl-C, meant for the harness, must not end it.
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...env },
    });
    // A write to a watchdog that died on its own must not crash the harness with EPIPE.
    child.stdin?.on('error', () => undefined);
    await once(child, 'spawn');
    // Never what keeps the harness running: the guarded child's own handle does that.
    child.unref();
    return new LifelineWatchdog(child);
  }

  /** Starts guarding `pgid` (a child spawned detached leads its own group: pgid = its pid). */
  arm(pgid: number): void {
    this.child.stdin?.write(`${pgid}\n`);
  }

  /** Ends the watchdog without firing; resolves once it is gone. Idempotent. */
  disarm(): Promise<void> {
    this.disarming ??= (async () => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return;
      this.child.ref();
      const gone = once(this.child, 'exit');
      // SIGKILL first: closing its stdin would make it fire.
      this.child.kill('SIGKILL');
      await gone;
      this.child.stdin?.destroy();
    })();
    return this.disarming;
  }
}
