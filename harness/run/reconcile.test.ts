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
    expect([r.state, r.reasons]).toEqual(['reconciled', []]);
    expect(r.clientTotal).toBe(11);
    expect(r.serverTotal).toBe(11);
    expect(r.byStatus['404']).toEqual({ client: 3, server: 3 });
  });

  it('reports each difference, in both directions', () => {
    const r = reconcile(
      { r1: { 'tools/call': { '200': 4 }, GET: { '200': 1 } } },
      servers([['r1', { 'tools/call': { '200': 5 }, DELETE: { '200': 1 } }]]),
    );
    expect(r.state).toBe('mismatch');
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
    expect(r.state).toBe('reconciled');
    expect(r.unattributed['(balancer)']).toEqual({ 'tools/call': { '503': 2 } });
  });

  it('never passes vacuously: with no replica counts there is nothing reconciled, and it says why', () => {
    const r = reconcile({ r1: { 'tools/call': { '200': 4 } } }, servers([]));
    expect(r.state).toBe('not-reconciled');
    expect(r.reasons[0]).toMatch(/no replica counts/);
    expect([r.clientTotal, r.serverTotal]).toEqual([0, 0]);
  });

  it('a replica that died without a final report is compared up to its last read: the survivors exactly', () => {
    const r = reconcile(
      { r1: { 'tools/call': { '200': 5 } }, r2: { 'tools/call': { '200': 7 } } },
      servers([
        ['r1', { 'tools/call': { '200': 5 } }],
        ['r2', { 'tools/call': { '200': 4 } }],
      ]),
      { incomplete: new Map([['r2', 'killed by SIGKILL at 5.3 s']]) },
    );
    expect(r.state).toBe('not-reconciled');
    expect(r.incomplete).toEqual([{ replica: 'r2', missingRequests: 3 }]);
    expect(r.reasons[0]).toBe('replica r2: killed by SIGKILL at 5.3 s; its counts end at its last read, 3 request(s) the client saw it answer are not in them');
    // A survivor's difference is still a mismatch, and a dead replica cannot have counted more than the client saw.
    const bad = reconcile({ r1: { 'tools/call': { '200': 5 } }, r2: { 'tools/call': { '200': 1 } } }, servers([['r1', { 'tools/call': { '200': 6 } }], ['r2', { 'tools/call': { '200': 2 } }]]), { incomplete: new Map([['r2', 'killed']]) });
    expect(bad.state).toBe('mismatch');
    expect(bad.mismatches.map((m) => m.replica).sort()).toEqual(['r1', 'r2']);
  });

  it('behind a balancer that died, replicas may count answers the client never got: said, not a mismatch', () => {
    const r = reconcile({ r1: { 'tools/call': { '200': 5 } } }, servers([['r1', { 'tools/call': { '200': 7 } }]]), { balancerDied: 'haproxy killed by SIGKILL' });
    expect(r.state).toBe('not-reconciled');
    expect(r.reasons[0]).toBe('the balancer died mid-cell (haproxy killed by SIGKILL): 2 answer(s) the replicas wrote never reached the client; the rest reconcile');
    // The client seeing more than a replica counted is still a mismatch.
    expect(reconcile({ r1: { 'tools/call': { '200': 8 } } }, servers([['r1', { 'tools/call': { '200': 7 } }]]), { balancerDied: 'x' }).state).toBe('mismatch');
  });
});
