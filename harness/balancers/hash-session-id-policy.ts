import { MCP_SESSION_ID_HEADER } from './balancer.js';
import { HashRing } from './hash-ring.js';
import { RoundRobinPolicy } from './round-robin-policy.js';
import { rawHeaderValue, type RequestView, type RoutingPolicy } from './routing-policy.js';

/**
 * Consistent hash of the request's Mcp-Session-Id, like HAProxy's `balance hdr(mcp-session-id)` with
 * `hash-type consistent`: a request without the header (initialize) goes round robin, as HAProxy's
 * manual says for an absent header. Nothing is learned from responses, so the replica that minted a
 * session is the one its id hashes to only by chance: the naive configuration this policy exists to show.
 */
export class HashSessionIdPolicy implements RoutingPolicy {
  private readonly ring: HashRing;
  private readonly fallback: RoundRobinPolicy;

  constructor(backendIds: readonly string[]) {
    this.ring = new HashRing(backendIds);
    this.fallback = new RoundRobinPolicy(backendIds.length);
  }

  pick(req: RequestView): number {
    const id = rawHeaderValue(req.rawHeaders, MCP_SESSION_ID_HEADER);
    return id === undefined || id === '' ? this.fallback.pick() : this.ring.lookup(id);
  }
}
