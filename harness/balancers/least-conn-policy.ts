import type { RoutingPolicy } from './routing-policy.js';

/**
 * The replica with the fewest exchanges in progress, like HAProxy's `balance leastconn`: an open SSE
 * stream counts for its whole life. Ties go round robin, so an idle balancer still spreads evenly.
 */
export class LeastConnPolicy implements RoutingPolicy {
  private readonly active: number[];
  private next = 0;

  constructor(backendCount: number) {
    if (!Number.isInteger(backendCount) || backendCount < 1) throw new RangeError(`backendCount must be ≥ 1, got ${backendCount}`);
    this.active = new Array<number>(backendCount).fill(0);
  }

  pick(): number {
    const n = this.active.length;
    let best = this.next;
    for (let k = 1; k < n; k++) {
      const i = (this.next + k) % n;
      if (this.active[i]! < this.active[best]!) best = i;
    }
    this.next = (best + 1) % n;
    return best;
  }

  acquire(backendIndex: number): void {
    this.active[backendIndex]! += 1;
  }

  release(backendIndex: number): void {
    if (this.active[backendIndex]! > 0) this.active[backendIndex]! -= 1;
  }

  /** Exchanges in progress per backend (for tests). */
  inProgress(): readonly number[] {
    return this.active;
  }
}
