import { isHarnessError } from '../errors/harness-error.js';
import type { ErrorInfo } from '../results/result-types.js';

/** An error as the result file records it; `interrupted`: the run's own abort caused it (Ctrl-C, SIGTERM). */
export function errorInfo(e: unknown, interrupted = false): ErrorInfo {
  if (interrupted) return { code: 'E_INTERRUPTED', message: e instanceof Error ? e.message : String(e) };
  if (isHarnessError(e)) return { code: e.code, message: e.message, hint: e.hint, details: e.details.length ? e.details : undefined };
  if (e instanceof Error) return { code: e.name === 'AbortError' ? 'E_INTERRUPTED' : 'E_INTERNAL', message: e.message };
  return { code: 'E_INTERNAL', message: String(e) };
}
