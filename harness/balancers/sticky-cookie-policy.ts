import { STICKY_COOKIE_NAME } from './balancer.js';
import { RoundRobinPolicy } from './round-robin-policy.js';
import { rawHeaderValue, type RequestView, type RoutingPolicy } from './routing-policy.js';

/**
 * Balancer-inserted cookie, like HAProxy's `cookie SRV insert indirect`: a request whose SRV cookie
 * names a replica goes there; any other goes round robin and its response carries
 * `Set-Cookie: SRV=<replica>; path=/`. Affinity holds only for clients that send cookies back.
 */
export class StickyCookiePolicy implements RoutingPolicy {
  private readonly ids: readonly string[];
  private readonly fallback: RoundRobinPolicy;

  constructor(backendIds: readonly string[]) {
    this.ids = backendIds;
    this.fallback = new RoundRobinPolicy(backendIds.length);
  }

  pick(req: RequestView): number {
    return this.cookieTarget(req) ?? this.fallback.pick();
  }

  responseHeaders(req: RequestView, backendIndex: number): readonly string[] | undefined {
    if (this.cookieTarget(req) !== undefined) return undefined;
    return ['Set-Cookie', `${STICKY_COOKIE_NAME}=${this.ids[backendIndex]}; path=/`];
  }

  private cookieTarget(req: RequestView): number | undefined {
    const header = rawHeaderValue(req.rawHeaders, 'cookie');
    if (header === undefined) return undefined;
    const value = cookieValue(header, STICKY_COOKIE_NAME);
    if (value === undefined) return undefined;
    const index = this.ids.indexOf(value);
    return index === -1 ? undefined : index;
  }
}

/** The value of cookie `name` in a Cookie header ("a=1; SRV=r2"), or undefined. */
export function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
