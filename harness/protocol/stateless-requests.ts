import { MCP_PATH } from '../servers/replica-contract.js';
import { TASKS_EXTENSION_ID } from '../servers/state-contract.js';
import { encodeMcpHeaderValue } from './mcp-name-header.js';
import { CLIENT_INFO } from './protocol-model.js';

export const STATELESS_PROTOCOL_VERSION = '2026-07-28';

const envelope = (capabilities: Record<string, unknown>): string =>
  JSON.stringify({
    'io.modelcontextprotocol/protocolVersion': STATELESS_PROTOCOL_VERSION,
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
  });

/** The per-request envelope every 2026-07-28 request carries in params._meta (PROTOCOL.md §3.1). */
export const META = envelope({});
/** The same, declaring the Tasks extension (it must be declared on each request that may get a task). */
export const META_WITH_TASKS = envelope({ extensions: { [TASKS_EXTENSION_ID]: {} } });

const BASE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': STATELESS_PROTOCOL_VERSION,
};

export interface StatelessRequest {
  /** The JSON-RPC id in the body, to match the answer. */
  readonly id: number;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly path: string;
}

/** A tools/call, with Mcp-Method/Mcp-Name mirroring the body (SEP-2243). */
export function toolCall(id: number, tool: string, args: unknown, meta = META): StatelessRequest {
  return {
    id,
    method: 'tools/call',
    path: MCP_PATH,
    headers: { ...BASE_HEADERS, 'mcp-method': 'tools/call', 'mcp-name': encodeMcpHeaderValue(tool) },
    body: `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(tool)},"arguments":${JSON.stringify(args)},"_meta":${meta}}}`,
  };
}

/** tasks/get | tasks/cancel, with Mcp-Name = the task id so a balancer could route to its owner. */
export function taskRequest(id: number, method: 'tasks/get' | 'tasks/cancel', taskId: string): StatelessRequest {
  return {
    id,
    method,
    path: MCP_PATH,
    headers: { ...BASE_HEADERS, 'mcp-method': method, 'mcp-name': encodeMcpHeaderValue(taskId) },
    body: `{"jsonrpc":"2.0","id":${id},"method":"${method}","params":{"taskId":${JSON.stringify(taskId)},"_meta":${META_WITH_TASKS}}}`,
  };
}

/** server/discover, as the v2 SDK client's connect() sends it (its probe id is a string; any id will do). */
export function serverDiscover(id: number): StatelessRequest {
  return { id, method: 'server/discover', path: MCP_PATH, headers: { ...BASE_HEADERS, 'mcp-method': 'server/discover' }, body: `{"jsonrpc":"2.0","id":${id},"method":"server/discover","params":{"_meta":${META}}}` };
}

export function listTools(id: number): StatelessRequest {
  return { id, method: 'tools/list', path: MCP_PATH, headers: { ...BASE_HEADERS, 'mcp-method': 'tools/list' }, body: `{"jsonrpc":"2.0","id":${id},"method":"tools/list","params":{"_meta":${META}}}` };
}
