import type { CountsByMethodAndStatus } from './replica-contract.js';

/** The status a request is counted under: the HTTP status written, or `aborted` if none was. */
export type CountedStatus = number | 'aborted';

/** Marks a POST body that was not valid JSON (so no JSON-RPC method can be read from it). */
export const UNPARSEABLE_BODY: unique symbol = Symbol('unparseable body');

export const INVALID_POST_KEY = 'POST:invalid';

/**
 * The method key a request is counted under (see CountsByMethodAndStatus).
 * A POST whose body is JSON but carries no string `method` is still JSON-RPC when it is a batch (array)
 * or a `jsonrpc: "2.0"` object (a client's response to a server request): those count under "POST".
 * Anything else (unparseable, a primitive, an object that is not JSON-RPC) counts as "POST:invalid".
 */
export function methodKeyOf(httpMethod: string, body: unknown): string {
  if (httpMethod !== 'POST') return httpMethod;
  if (body === UNPARSEABLE_BODY || typeof body !== 'object' || body === null) return INVALID_POST_KEY;
  if (Array.isArray(body)) return 'POST';
  const message = body as { readonly method?: unknown; readonly jsonrpc?: unknown };
  if (typeof message.method === 'string') return message.method;
  return message.jsonrpc === '2.0' ? 'POST' : INVALID_POST_KEY;
}

/** The tool a `tools/call` body names (`params.name`), or undefined for anything else. */
export function toolNameOf(methodKey: string, body: unknown): string | undefined {
  if (methodKey !== 'tools/call') return undefined;
  const name = (body as { readonly params?: { readonly name?: unknown } }).params?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Counts MCP requests by (method key, status). The harness reconciles its client-side counts against
 * these exactly, so callers must count each request once; this class only adds.
 */
export class RequestCounter {
  private readonly byMethod = new Map<string, Map<CountedStatus, number>>();
  private readonly toolCalls = new Map<string, number>();

  count(methodKey: string, status: CountedStatus): void {
    let byStatus = this.byMethod.get(methodKey);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.byMethod.set(methodKey, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  /** A plain JSON-ready copy: method → status as a string → n. */
  snapshot(): CountsByMethodAndStatus {
    const out: CountsByMethodAndStatus = {};
    for (const [method, byStatus] of this.byMethod) {
      const statuses: Record<string, number> = {};
      for (const [status, n] of byStatus) statuses[String(status)] = n;
      out[method] = statuses;
    }
    return out;
  }

  /** One `tools/call` received for `toolName` (counted on arrival, separately from the status counts). */
  countToolCall(toolName: string): void {
    this.toolCalls.set(toolName, (this.toolCalls.get(toolName) ?? 0) + 1);
  }

  toolCallSnapshot(): Record<string, number> {
    return Object.fromEntries(this.toolCalls);
  }

  total(): number {
    let sum = 0;
    for (const byStatus of this.byMethod.values()) for (const n of byStatus.values()) sum += n;
    return sum;
  }
}
