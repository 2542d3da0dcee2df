import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/node';

/**
 * DNS-rebinding protection of the MCP endpoint, as the specification's security guidance asks of local
 * servers (validate Origin; bind to localhost), with the official SDK's own Node guards
 * (@modelcontextprotocol/node; the v1 transport's allowedHosts/allowedOrigins options are deprecated
 * in favour of these). The Host header's hostname (any port) must be one of `allowedHostnames`; an
 * Origin, when sent (browsers send one, agents do not), must name one of them too. A refused request is
 * answered 403 with a JSON-RPC error by the guard itself.
 */
export const LOCALHOST_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export type RequestGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

export function dnsRebindingGuard(allowedHostnames: readonly string[] = LOCALHOST_HOSTNAMES): RequestGuard {
  const host = hostHeaderValidation([...allowedHostnames]);
  const origin = originValidation([...allowedHostnames]);
  return (req, res) => host(req, res) && origin(req, res);
}
