/**
 * What one MCP client does, independent of wire format. Protocol models render these into HTTP.
 */
export type LogicalOperation =
  | { readonly kind: 'list-tools' }
  | { readonly kind: 'call-tool'; readonly tool: string; readonly arguments: Readonly<Record<string, unknown>> };

export interface LogicalSession {
  /** Index of the session within its cell (0-based), used for deterministic choices and ids. */
  readonly index: number;
  readonly operations: readonly LogicalOperation[];
  /** Pause between consecutive operations. */
  readonly thinkTimeMs: number;
}
