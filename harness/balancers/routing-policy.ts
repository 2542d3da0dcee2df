/**
 * How the built-in balancer chooses a replica. Policies see only what they need of a request and a
 * response (method, raw header list, status), so they are unit-testable without sockets and the
 * proxy never builds a parsed header object for them.
 */
export interface RequestView {
  readonly method?: string | undefined;
  /** Node's flat [name, value, name, value, ...] list, names in their original case. */
  readonly rawHeaders: readonly string[];
  /** The client connection (client-ip hashes its address). */
  readonly socket?: { readonly remoteAddress?: string | undefined } | undefined;
  /** The parsed JSON body, only for policies with `needsBody` (undefined: no body or not JSON). */
  readonly bodyJson?: unknown;
}

export interface ResponseView {
  readonly statusCode?: number | undefined;
  readonly rawHeaders: readonly string[];
}

export interface RoutingPolicy {
  /** The proxy must read and parse the whole body before pick() (route-by-body). */
  readonly needsBody?: boolean;
  /** Index (into the balancer's backend list) of the replica that gets this request. */
  pick(req: RequestView): number;
  /** Called with every upstream response head before it is forwarded; policies may learn from it. */
  onResponse?(req: RequestView, backendIndex: number, res: ResponseView): void;
  /** Raw [name, value, ...] headers to add to the response (sticky-cookie's Set-Cookie). */
  responseHeaders?(req: RequestView, backendIndex: number): readonly string[] | undefined;
  /** An exchange with this backend starts (after pick(), and for every retry); least-conn counts them. */
  acquire?(backendIndex: number): void;
  /** That exchange is over, however it ended. */
  release?(backendIndex: number): void;
  /** Where a retry goes when it may change replica (redispatch); default: the next backend. */
  redispatch?(req: RequestView, failedIndex: number): number;
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
