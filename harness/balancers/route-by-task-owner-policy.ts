import { MCP_METHOD_HEADER, MCP_NAME_HEADER, TASK_OWNER_SEPARATOR, TASKS_METHOD_PREFIX } from './balancer.js';
import { RoundRobinPolicy } from './round-robin-policy.js';
import { rawHeaderValue, type RequestView, type RoutingPolicy } from './routing-policy.js';

/**
 * Tasks extension requests (`Mcp-Method: tasks/…`) go to the replica their task id names: the reference
 * replicas mint `<replicaId>.<22 base64url chars>`, and `Mcp-Name` carries that id, so a deployment
 * that keeps tasks in replica memory needs no shared store behind a balancer. Everything else (the
 * creating tools/call, unknown owners, malformed names) goes round robin.
 *
 * The rule is a plain prefix test, exactly what the HAProxy (`-m beg rK.`) and nginx (`~^1:rK\.`)
 * configurations do, so all three implementations route every request alike: backends are tried in
 * order and the first whose `<id>.` starts the name wins. Task requests do not advance the rotation,
 * as HAProxy's `use-server` and nginx's per-replica upstreams do not.
 */
export class RouteByTaskOwnerPolicy implements RoutingPolicy {
  private readonly prefixes: readonly string[];
  private readonly fallback: RoundRobinPolicy;

  constructor(backendIds: readonly string[]) {
    this.fallback = new RoundRobinPolicy(backendIds.length);
    this.prefixes = backendIds.map((id) => id + TASK_OWNER_SEPARATOR);
  }

  pick(req: RequestView): number {
    const owner = this.ownerOf(req);
    return owner >= 0 ? owner : this.fallback.pick();
  }

  /** Index of the backend that owns the request's task, or -1 when the request names none of them. */
  ownerOf(req: RequestView): number {
    const method = rawHeaderValue(req.rawHeaders, MCP_METHOD_HEADER);
    if (method === undefined || !method.startsWith(TASKS_METHOD_PREFIX)) return -1;
    const name = rawHeaderValue(req.rawHeaders, MCP_NAME_HEADER);
    if (name === undefined) return -1;
    return this.prefixes.findIndex((p) => name.startsWith(p));
  }
}
