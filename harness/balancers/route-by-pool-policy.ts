import { MCP_METHOD_HEADER, MCP_NAME_HEADER, type BalancerPool } from './balancer.js';
import { poolForTool } from './pool-assignment.js';
import { RoundRobinPolicy } from './round-robin-policy.js';
import { rawHeaderValue, type RequestView, type RoutingPolicy } from './routing-policy.js';

/** How a route-by policy reads a request's method and tool name. */
export type ToolReader = (req: RequestView) => { readonly method: string | undefined; readonly tool: string | undefined };

/** route-by-header: the 2026-07-28 `Mcp-Method` / `Mcp-Name` headers; no body is read. */
export const fromHeaders: ToolReader = (req) => ({
  method: rawHeaderValue(req.rawHeaders, MCP_METHOD_HEADER),
  tool: rawHeaderValue(req.rawHeaders, MCP_NAME_HEADER),
});

/** route-by-body: the parsed JSON-RPC body's `method` and `params.name` (what gateways did before the headers). */
export const fromBody: ToolReader = (req) => {
  const body = req.bodyJson as { method?: unknown; params?: { name?: unknown } } | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { method: undefined, tool: undefined };
  return {
    method: typeof body.method === 'string' ? body.method : undefined,
    tool: typeof body.params?.name === 'string' ? body.params.name : undefined,
  };
};

/**
 * `tools/call` of a pooled tool goes to that tool's pool; everything else to the default pool.
 * Round robin inside each pool, as the HAProxy and nginx configurations do.
 */
export class RouteByPoolPolicy implements RoutingPolicy {
  readonly needsBody: boolean;
  private readonly pools: readonly { readonly pool: BalancerPool; readonly indexes: readonly number[]; readonly rr: RoundRobinPolicy }[];
  private readonly poolList: readonly BalancerPool[];

  constructor(
    backendIds: readonly string[],
    pools: readonly BalancerPool[],
    private readonly read: ToolReader,
  ) {
    this.needsBody = read === fromBody;
    this.pools = pools.map((pool) => {
      const indexes = pool.backendIds.map((id) => backendIds.indexOf(id));
      if (indexes.length === 0 || indexes.includes(-1)) throw new RangeError(`pool "${pool.name}" names no or unknown backends`);
      return { pool, indexes, rr: new RoundRobinPolicy(indexes.length) };
    });
    this.poolList = pools;
  }

  pick(req: RequestView): number {
    const entry = this.entryFor(req);
    return entry.indexes[entry.rr.pick()]!;
  }

  redispatch(req: RequestView, failedIndex: number): number {
    const { indexes } = this.entryFor(req);
    const at = indexes.indexOf(failedIndex);
    return indexes[(at + 1) % indexes.length]!;
  }

  private entryFor(req: RequestView): (typeof this.pools)[number] {
    const { method, tool } = this.read(req);
    const target = poolForTool(this.poolList, method === 'tools/call' ? tool : undefined);
    return this.pools.find((p) => p.pool === target)!;
  }
}
