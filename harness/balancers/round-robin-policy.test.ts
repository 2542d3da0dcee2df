import { describe, expect, it } from 'vitest';
import { RoundRobinPolicy } from './round-robin-policy.js';

describe('RoundRobinPolicy', () => {
  it('cycles through the backends in order', () => {
    const p = new RoundRobinPolicy(3);
    expect(Array.from({ length: 7 }, () => p.pick())).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('spreads N requests exactly evenly', () => {
    const p = new RoundRobinPolicy(4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[p.pick()]! += 1;
    expect(counts).toEqual([100, 100, 100, 100]);
  });

  it('works with one backend and rejects zero', () => {
    const p = new RoundRobinPolicy(1);
    expect([p.pick(), p.pick()]).toEqual([0, 0]);
    expect(() => new RoundRobinPolicy(0)).toThrow(RangeError);
  });
});
