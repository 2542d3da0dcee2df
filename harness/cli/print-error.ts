import { ExitCode, isHarnessError, type ExitCodeValue } from '../errors/harness-error.js';
import type { Style } from '../output/format.js';

/** Prints an error the way users need it: what happened, every detail, and what to do. */
export function printError(e: unknown, out: NodeJS.WritableStream, style: Style): ExitCodeValue {
  if (isHarnessError(e)) {
    out.write(style.red(`error: ${e.message}`) + '\n');
    for (const d of e.details) out.write(`  ${d}\n`);
    if (e.hint) out.write(style.dim(`hint: ${e.hint}`) + '\n');
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  out.write(style.red(`internal error: ${err.message}`) + '\n');
  if (err.stack) out.write(style.dim(err.stack.split('\n').slice(1, 6).join('\n')) + '\n');
  out.write(style.dim('This is a bug in mcp-lb-bench; please report it with the command you ran.') + '\n');
  return ExitCode.internal;
}
