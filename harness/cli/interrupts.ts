import { ExitCode } from '../errors/harness-error.js';
import type { Style } from '../output/format.js';
import type { CliIo } from './io.js';

export interface Interrupts {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The exit code of an interrupted run: 143 when the first signal was SIGTERM, else 130. */
  exitCode(): number;
  /** Stops listening (call once the command is done). */
  dispose(): void;
}

/**
 * A command's Ctrl-C handling: the first signal aborts the work, which tears down what it started and
 * writes what it measured (`stopping` says what, on stderr); a second one exits at once, leaving the
 * child processes to their lifeline watchdogs and the containers to the next run.
 */
export function listenForInterrupts(io: CliIo, style: Style, stopping: string): Interrupts {
  const controller = new AbortController();
  let signals = 0;
  let first: 'SIGINT' | 'SIGTERM' | undefined;
  const dispose = io.onSignal((sig) => {
    signals++;
    first ??= sig;
    if (signals === 1) {
      io.stderr.write(style.yellow(`\n${sig}: stopping — ${stopping} (again to force)`) + '\n');
      controller.abort(new Error(`interrupted by ${sig}`));
    } else {
      io.stderr.write(style.red('forced exit: every child process dies with the harness (its lifeline watchdog); containers are removed by the next run') + '\n');
      io.forceExit(sig === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted);
    }
  });
  return { signal: controller.signal, exitCode: () => (first === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted), dispose };
}
