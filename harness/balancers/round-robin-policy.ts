import type { RoutingPolicy } from './routing-policy.js';

/** Each request to the next replica in turn, like HAProxy's `balance roundrobin` with equal weights. */
export class RoundRobinPolicy implements RoutingPolicy {
  private next = 0;
  private readonly count: number;

  constructor(backendCount: number) {
    if (!Number.isInteger(backendCount) || backendCount < 1) throw new RangeError(`backendCount must be ≥ 1, got ${backendCount}`);
    this.count = backendCount;
  }

  pick(): number {
    const i = this.next;
    this.next = i + 1 === this.count ? 0 : i + 1;
    return i;
  }
}
