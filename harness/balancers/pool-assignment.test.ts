import { describe, expect, it } from 'vitest';
import { assignPools, countMisroutes, poolForTool, poolsForCell } from './pool-assignment.js';

describe('assignPools', () => {
  it('gives pools replicas from r1 on, the rest to the default pool (last)', () => {
    expect(assignPools([{ name: 'heavy', replicas: 1, tools: ['work'] }], ['r1', 'r2', 'r3'])).toEqual([
      { name: 'heavy', backendIds: ['r1'], tools: ['work'] },
      { name: 'default', backendIds: ['r2', 'r3'], tools: [] },
    ]);
  });

  it('refuses pools that leave the default pool empty (a harness bug: config validation checks this)', () => {
    expect(() => assignPools([{ name: 'heavy', replicas: 3, tools: ['work'] }], ['r1', 'r2', 'r3'])).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
  });

  it('only route-by-* cells get pools', () => {
    const req = [{ name: 'heavy', replicas: 1, tools: ['work'] }];
    expect(poolsForCell('round-robin', req, ['r1', 'r2'])).toBeUndefined();
    expect(poolsForCell('route-by-body', [], ['r1', 'r2'])).toBeUndefined();
    expect(poolsForCell('route-by-header', req, ['r1', 'r2'])).toHaveLength(2);
  });
});

describe('countMisroutes', () => {
  const pools = assignPools([{ name: 'heavy', replicas: 1, tools: ['work'] }], ['r1', 'r2', 'r3']);
  it('counts tool calls served outside their tool\'s pool', () => {
    expect(poolForTool(pools, 'echo').name).toBe('default');
    expect(
      countMisroutes(pools, [
        { replicaId: 'r1', toolCalls: { work: 10, echo: 2 } },
        { replicaId: 'r2', toolCalls: { echo: 5, work: 3 } },
        { replicaId: 'r3', toolCalls: undefined },
      ]),
    ).toEqual({ misrouted: 5, toolCalls: 20, byTool: { echo: 2, work: 3 } });
  });
});
