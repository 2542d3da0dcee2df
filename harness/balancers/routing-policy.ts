/**
 * How the built-in balancer chooses a replica. Policies see only what they need of a request and a
 * response (method, raw header list, status), so they are unit-testable without sockets and the
 * proxy never builds a parsed header object for them.
 */
export interface RequestView {
  readonly method?: string | undefined;
  /** Node's flat [name, value, name, value, ...] list, names in their original case. */
  readonly rawHeaders: readonly string[];
}

export interface ResponseView {
  readonly statusCode?: number | undefined;
  readonly rawHeaders: readonly string[];
}

export interface RoutingPolicy {
  /** Index (into the balancer's backend list) of the replica that gets this request. */
  pick(req: RequestView): number;
  /** Called with every upstream response head before it is forwarded; policies may learn from it. */
  onResponse?(req: RequestView, backendIndex: number, res: ResponseView): void;
}

/**
 * The value of header `lowerName` (given in lower case), or undefined. Compares lengths first so the
 * common mismatch costs no string allocation.
 */
export function rawHeaderValue(rawHeaders: readonly string[], lowerName: string): string | undefined {
  const n = lowerName.length;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === n && (name === lowerName || name.toLowerCase() === lowerName)) return rawHeaders[i + 1];
  }
  return undefined;
}
