import { describe, expect, it } from 'vitest';
import { ClientIpPolicy } from './client-ip-policy.js';
import { HashRing, hash32 } from './hash-ring.js';
import { HashSessionIdPolicy } from './hash-session-id-policy.js';
import { LeastConnPolicy } from './least-conn-policy.js';
import { fromBody, fromHeaders, RouteByPoolPolicy } from './route-by-pool-policy.js';
import type { RequestView } from './routing-policy.js';
import { cookieValue, StickyCookiePolicy } from './sticky-cookie-policy.js';
import { HEAVY_POOLS } from './testing/config-sections.js';

const IDS = ['r1', 'r2', 'r3'];
const req = (headers: Record<string, string> = {}, extra: Partial<RequestView> = {}): RequestView => ({ method: 'POST', rawHeaders: Object.entries(headers).flat(), ...extra });

describe('LeastConnPolicy', () => {
  it('picks the replica with the fewest exchanges in progress, round robin among equals', () => {
    const p = new LeastConnPolicy(3);
    const first = [p.pick(), p.pick(), p.pick()];
    expect(first).toEqual([0, 1, 2]);
    p.acquire(0); // an SSE stream held open on r1
    expect([p.pick(), p.pick(), p.pick(), p.pick()]).toEqual([1, 2, 1, 2]);
    p.release(0);
    expect(p.pick()).toBe(0);
    expect(p.inProgress()).toEqual([0, 0, 0]);
  });
});

describe('StickyCookiePolicy', () => {
  it('round robin and Set-Cookie for a request without a valid cookie; the cookie\'s replica otherwise', () => {
    const p = new StickyCookiePolicy(IDS);
    const first = req();
    const i = p.pick(first);
    expect(p.responseHeaders(first, i)).toEqual(['Set-Cookie', `SRV=${IDS[i]}; path=/`]);
    const back = req({ Cookie: `a=1; SRV=${IDS[i]}` });
    for (let k = 0; k < 5; k++) expect(p.pick(back)).toBe(i);
    expect(p.responseHeaders(back, i)).toBeUndefined();
    expect([p.pick(req({ cookie: 'SRV=nope' })), p.pick(req())]).toEqual([(i + 1) % 3, (i + 2) % 3]);
  });

  it('reads one cookie out of a header', () => {
    expect([cookieValue('a=1; SRV=r2', 'SRV'), cookieValue('SRVX=r2', 'SRV'), cookieValue('', 'SRV')]).toEqual(['r2', undefined, undefined]);
  });
});

describe('HashSessionIdPolicy', () => {
  it('round robin without the header (initialize); a fixed replica per id with it', () => {
    const p = new HashSessionIdPolicy(IDS);
    expect([p.pick(req()), p.pick(req()), p.pick(req())]).toEqual([0, 1, 2]);
    const at = p.pick(req({ 'Mcp-Session-Id': 'abc' }));
    for (let k = 0; k < 5; k++) expect(p.pick(req({ 'mcp-session-id': 'abc' }))).toBe(at);
  });

  it('spreads random ids over every replica', () => {
    const p = new HashSessionIdPolicy(IDS);
    const counts = [0, 0, 0];
    for (let k = 0; k < 3000; k++) counts[p.pick(req({ 'mcp-session-id': `${k}-${hash32(String(k))}` }))]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(600);
  });
});

describe('HashRing', () => {
  it('moves only the removed backend\'s keys', () => {
    const full = new HashRing(['r1', 'r2', 'r3']);
    const less = new HashRing(['r1', 'r2']);
    let moved = 0;
    for (let k = 0; k < 1000; k++) {
      const a = full.lookup(`k${k}`);
      const b = less.lookup(`k${k}`);
      if (a !== 2 && a !== b) moved += 1;
    }
    expect(moved).toBe(0);
  });
});

describe('ClientIpPolicy', () => {
  const from = (address: string): RequestView => req({}, { socket: { remoteAddress: address } });
  it('one address -> one replica, IPv4-mapped IPv6 the same client', () => {
    const p = new ClientIpPolicy(3);
    const at = p.pick(from('127.0.0.1'));
    for (let k = 0; k < 10; k++) expect(p.pick(from('127.0.0.1'))).toBe(at);
    expect(p.pick(from('::ffff:127.0.0.1'))).toBe(at);
  });

  it('the address as a number modulo the replicas, like HAProxy map-based: 127.0.0.2-127.0.0.65 -> 22/21/21', () => {
    const p = new ClientIpPolicy(3);
    const counts = [0, 0, 0];
    for (let i = 2; i <= 65; i++) counts[p.pick(from(`127.0.0.${i}`))]! += 1;
    expect(counts).toEqual([22, 21, 21]);
    expect(p.pick(from('::1'))).toBe(p.pick(from('::1')));
  });
});

describe('RouteByPoolPolicy', () => {
  it('route-by-header: tools/call of a pooled tool to its pool, everything else to the default pool', () => {
    const p = new RouteByPoolPolicy(IDS, HEAVY_POOLS, fromHeaders);
    const work = req({ 'Mcp-Method': 'tools/call', 'Mcp-Name': 'work' });
    expect([p.pick(work), p.pick(work)]).toEqual([0, 0]);
    const echo = req({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' });
    expect([p.pick(echo), p.pick(echo), p.pick(req({ 'mcp-method': 'tools/list' })), p.pick(req())]).toEqual([1, 2, 1, 2]);
    expect(p.needsBody).toBe(false);
    expect(p.redispatch(echo, 1)).toBe(2);
  });

  it('route-by-body: the same from the parsed body; headers ignored; batches and non-JSON to the default pool', () => {
    const p = new RouteByPoolPolicy(IDS, HEAVY_POOLS, fromBody);
    expect(p.needsBody).toBe(true);
    const work = req({ 'mcp-name': 'echo' }, { bodyJson: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'work', arguments: {} } } });
    expect(p.pick(work)).toBe(0);
    expect(p.pick(req({ 'mcp-method': 'tools/call', 'mcp-name': 'work' }, { bodyJson: [{ method: 'tools/call', params: { name: 'work' } }] }))).toBe(1);
    expect(p.pick(req({}, { bodyJson: undefined }))).toBe(2);
  });
});
