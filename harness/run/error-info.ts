import { isHarnessError } from '../errors/harness-error.js';
import type { ErrorInfo } from '../results/result-types.js';

export function errorInfo(e: unknown): ErrorInfo {
  if (isHarnessError(e)) return { code: e.code, message: e.message, hint: e.hint, details: e.details.length ? e.details : undefined };
  if (e instanceof Error) return { code: e.name === 'AbortError' ? 'E_INTERRUPTED' : 'E_INTERNAL', message: e.message };
  return { code: 'E_INTERNAL', message: String(e) };
}
