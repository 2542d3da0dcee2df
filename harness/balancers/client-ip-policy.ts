import { hash32 } from './hash-ring.js';
import type { RequestView, RoutingPolicy } from './routing-policy.js';

/**
 * Source-address affinity, like HAProxy's `balance source` with its default map-based hash: an IPv4
 * address taken as a 32-bit number, modulo the replica count (HAProxy XORs the address's 32-bit words,
 * which for IPv4 is the address itself). Every connection from one address lands on one replica;
 * consecutive addresses go to consecutive replicas. Other address forms are hashed.
 */
export class ClientIpPolicy implements RoutingPolicy {
  private readonly count: number;

  constructor(backendCount: number) {
    if (!Number.isInteger(backendCount) || backendCount < 1) throw new RangeError(`backendCount must be ≥ 1, got ${backendCount}`);
    this.count = backendCount;
  }

  pick(req: RequestView): number {
    return addressKey(req.socket?.remoteAddress ?? '') % this.count;
  }
}

const IPV4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `127.0.0.2` and `::ffff:127.0.0.2` (an IPv4 client on a dual-stack socket) are the same client. */
function addressKey(address: string): number {
  const m = IPV4.exec(address);
  if (!m) return hash32(address);
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}
