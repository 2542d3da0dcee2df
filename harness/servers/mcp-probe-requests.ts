import { MCP_PATH, type ServerModel } from './replica-contract.js';

/**
 * The one request that tells whether an MCP server is up, per protocol revision, without any harness
 * contract (no /-/healthz): `initialize` for 2025-11-25 (session-based servers answer it with a session
 * id) and `server/discover` for 2026-07-28 (every modern server MUST implement it, nothing is
 * remembered). Readiness waits and balancer health checks send exactly these.
 */
export const PROBE_CLIENT_INFO = { name: 'mcp-lb-bench-probe', version: '0.1.0' } as const;

export const LEGACY_PROBE_VERSION = '2025-11-25';
export const STATELESS_PROBE_VERSION = '2026-07-28';

export interface McpProbeRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The JSON-RPC id of the body, to find its answer in a JSON or SSE response. */
  readonly rpcId: number;
}

const BASE_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;

export function mcpProbeRequest(model: ServerModel): McpProbeRequest {
  if (model === 'legacy') {
    const params = { protocolVersion: LEGACY_PROBE_VERSION, capabilities: {}, clientInfo: PROBE_CLIENT_INFO };
    return { method: 'POST', path: MCP_PATH, headers: BASE_HEADERS, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params }), rpcId: 1 };
  }
  const meta = {
    'io.modelcontextprotocol/protocolVersion': STATELESS_PROBE_VERSION,
    'io.modelcontextprotocol/clientInfo': PROBE_CLIENT_INFO,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return {
    method: 'POST',
    path: MCP_PATH,
    headers: { ...BASE_HEADERS, 'mcp-protocol-version': STATELESS_PROBE_VERSION, 'mcp-method': 'server/discover' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } }),
    rpcId: 1,
  };
}
