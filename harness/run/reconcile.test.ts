import { describe, expect, it } from 'vitest';
import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';
import { reconcile } from './reconcile.js';

const servers = (entries: Array<[string, CountsByMethodAndStatus]>): Map<string, CountsByMethodAndStatus> => new Map(entries);

describe('reconcile', () => {
  it('matches when every replica/method/status count agrees', () => {
    const r = reconcile(
      { r1: { initialize: { '200': 3 }, 'tools/call': { '200': 5, '404': 1 } }, r2: { 'tools/call': { '404': 2 } } },
      servers([
        ['r1', { initialize: { '200': 3 }, 'tools/call': { '200': 5, '404': 1 } }],
        ['r2', { 'tools/call': { '404': 2 } }],
      ]),
    );
    expect(r.matched).toBe(true);
    expect(r.clientTotal).toBe(11);
    expect(r.serverTotal).toBe(11);
    expect(r.byStatus['404']).toEqual({ client: 3, server: 3 });
  });

  it('reports each difference, in both directions', () => {
    const r = reconcile(
      { r1: { 'tools/call': { '200': 4 }, GET: { '200': 1 } } },
      servers([['r1', { 'tools/call': { '200': 5 }, DELETE: { '200': 1 } }]]),
    );
    expect(r.matched).toBe(false);
    expect(r.mismatches).toEqual(
      expect.arrayContaining([
        { replica: 'r1', method: 'tools/call', status: '200', client: 4, server: 5 },
        { replica: 'r1', method: 'DELETE', status: '200', client: 0, server: 1 },
        { replica: 'r1', method: 'GET', status: '200', client: 1, server: 0 },
      ]),
    );
  });

  it('keeps answers without a replica apart instead of failing the match', () => {
    const r = reconcile({ '(balancer)': { 'tools/call': { '503': 2 } }, r1: { 'tools/call': { '200': 1 } } }, servers([['r1', { 'tools/call': { '200': 1 } }]]));
    expect(r.matched).toBe(true);
    expect(r.unattributed['(balancer)']).toEqual({ 'tools/call': { '503': 2 } });
  });
});
