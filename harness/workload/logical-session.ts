/**
 * What one MCP client does, independent of wire format. Protocol models render these into HTTP.
 */
export type LogicalOperation =
  | { readonly kind: 'list-tools' }
  | { readonly kind: 'call-tool'; readonly tool: string; readonly arguments: Readonly<Record<string, unknown>> }
  /** Explicit handles (SEP-2567): mint a handle, use it, close it; the session keeps the handle. */
  | { readonly kind: 'create-handle' }
  | { readonly kind: 'use-handle'; readonly item: string }
  | { readonly kind: 'close-handle' }
  /** Tasks extension: start a long-running job as a task, poll it to the end (cancelling it if asked). */
  | { readonly kind: 'run-task'; readonly jobMs: number; readonly cancel: boolean };

export interface LogicalSession {
  /** Index of the session within its cell (0-based), used for deterministic choices and ids. */
  readonly index: number;
  readonly operations: readonly LogicalOperation[];
  /** Pause before each operation (same length as `operations`), jittered around the scenario's think time. */
  readonly thinkTimesMs: readonly number[];
  /** Spreads waits the protocol itself imposes (task polling) by the same jitter: a factor around 1. */
  readonly jitter: () => number;
}
