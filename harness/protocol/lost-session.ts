import type { JsonRpcOutcome } from './jsonrpc-response.js';

/**
 * What a target answers to a request with a session id it does not know: the specification says 404;
 * many servers say 400 (the v1 SDK's example router: -32000 "No valid session ID provided"). Measured
 * before the run (run/server-preflight.ts) or set by `client.lostSessionStatus`; the legacy model counts
 * such an answer as a lost session (with its status kept), not as a generic error.
 */
export interface LostSessionSignal {
  readonly status: number;
  /** The JSON-RPC error code it came with; undefined = any answer with that status. */
  readonly code?: number | undefined;
}

export const SPEC_LOST_SESSION: LostSessionSignal = { status: 404 };

/** Whether an answer to a request carrying a session id says the session is gone. */
export function isLostSession(signal: LostSessionSignal, status: number, rpc: JsonRpcOutcome): boolean {
  if (status === 404) return true;
  if (status !== signal.status) return false;
  return signal.code === undefined || (rpc.kind === 'error' && rpc.code === signal.code);
}
