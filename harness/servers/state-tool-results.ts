import type { StateFailureReason, ToolStateError } from './state-contract.js';

/** A tool result the SDKs accept (a type alias: their result types carry index signatures). */
export type StateToolResult = {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

export function okResult(text: string, structuredContent: Record<string, unknown>): StateToolResult {
  return { content: [{ type: 'text', text }], structuredContent };
}

/**
 * A state failure as a tool error: visible to the model (it can start over with a new handle) and
 * machine-readable for the harness (state-contract.ts classifyStateFailure).
 */
export function stateErrorResult(code: StateFailureReason, message: string, handle?: string): StateToolResult {
  const error: ToolStateError['error'] = handle === undefined ? { code, message } : { code, message, handle };
  return { content: [{ type: 'text', text: message }], structuredContent: { error }, isError: true };
}
