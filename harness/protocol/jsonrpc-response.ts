import { parseSse } from './sse-parser.js';

/** What one MCP HTTP response said about the JSON-RPC request it answers. */
export type JsonRpcOutcome =
  | { readonly kind: 'result'; readonly result: Record<string, unknown> }
  | { readonly kind: 'error'; readonly code: number; readonly message: string; readonly data?: unknown }
  /** The body held no JSON-RPC response for this id (e.g. a 202, an empty body, or a stream cut short). */
  | { readonly kind: 'none' }
  /** The body could not be parsed as JSON or SSE carrying JSON. */
  | { readonly kind: 'invalid' };

interface JsonRpcMessage {
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

function fromMessage(msg: JsonRpcMessage): JsonRpcOutcome {
  if (msg.error && typeof msg.error === 'object') {
    const base = { kind: 'error' as const, code: typeof msg.error.code === 'number' ? msg.error.code : 0, message: String(msg.error.message ?? '') };
    return msg.error.data === undefined ? base : { ...base, data: msg.error.data };
  }
  if (msg.result && typeof msg.result === 'object') return { kind: 'result', result: msg.result as Record<string, unknown> };
  return { kind: 'invalid' };
}

/**
 * Finds the JSON-RPC response for request `id` in a body that is either `application/json` (one object)
 * or `text/event-stream` (events whose data are JSON-RPC messages; notifications before the response are
 * skipped). `id` undefined matches an id-less error body (e.g. the transport's 404 "Session not found").
 */
export function jsonRpcOutcome(contentType: string | undefined, body: string, id: number | string | undefined): JsonRpcOutcome {
  if (body.length === 0) return { kind: 'none' };
  if (contentType?.startsWith('text/event-stream')) {
    for (const ev of parseSse(body)) {
      if (ev.data === '') continue;
      let msg: JsonRpcMessage;
      try {
        msg = JSON.parse(ev.data) as JsonRpcMessage;
      } catch {
        return { kind: 'invalid' };
      }
      if (msg.id === id || (msg.id === null && msg.error)) return fromMessage(msg);
    }
    return { kind: 'none' };
  }
  let msg: JsonRpcMessage;
  try {
    msg = JSON.parse(body) as JsonRpcMessage;
  } catch {
    return { kind: 'invalid' };
  }
  if (typeof msg !== 'object' || msg === null) return { kind: 'invalid' };
  // Error bodies produced before dispatch (404 session not found, 400 header mismatch) carry id null.
  if (msg.id === id || msg.id === null || msg.id === undefined) return fromMessage(msg);
  return { kind: 'none' };
}
