import type { ServerResponse } from 'node:http';
import { MCP_PATH } from './replica-contract.js';

/**
 * A JSON response the replica writes itself (not through an SDK), pre-serialised once so the hot
 * error paths (unknown session under a fault test) allocate nothing but the write.
 */
export interface CannedJsonResponse {
  readonly status: number;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export function cannedJsonRpcError(status: number, code: number, message: string, extraHeaders: Readonly<Record<string, string>> = {}): CannedJsonResponse {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
  return {
    status,
    body,
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...extraHeaders },
  };
}

export function sendCanned(res: ServerResponse, canned: CannedJsonResponse): void {
  res.writeHead(canned.status, canned.headers);
  res.end(canned.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Bodies shared by both models (same codes and texts as the v1 SDK transport uses). */
export const PARSE_ERROR = cannedJsonRpcError(400, -32700, 'Parse error: Invalid JSON');
export const BODY_TOO_LARGE_ERROR = cannedJsonRpcError(413, -32000, 'Payload Too Large: request body exceeds the limit', { connection: 'close' });
export const INTERNAL_ERROR = cannedJsonRpcError(500, -32603, 'Internal server error');
export const NOT_FOUND = cannedJsonRpcError(404, -32000, `Not found: the MCP endpoint is ${MCP_PATH}`);
