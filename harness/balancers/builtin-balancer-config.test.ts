import { describe, expect, it } from 'vitest';
import { BALANCER_POLICIES } from './balancer.js';
import { defaultBuiltinBalancerConfig, parseBuiltinBalancerConfig } from './builtin-balancer-config.js';
import { builtinPolicySupport, createRoutingPolicy } from './routing-policies.js';

describe('builtin balancer config', () => {
  it('round-trips the default config through JSON', () => {
    const config = defaultBuiltinBalancerConfig('sticky-session-id', [{ id: 'r1', host: '127.0.0.1', port: 4000 }]);
    expect(parseBuiltinBalancerConfig(JSON.stringify(config), 'x.json')).toEqual(config);
  });

  it('lists every problem', () => {
    const bad = JSON.stringify({ policy: 'magic', host: '', backends: [{ id: 'r1', port: 70000 }], proxy: {}, stickyTable: { maxEntries: 1, ttlMs: -1, maxIdLength: 1 } });
    expect(() => parseBuiltinBalancerConfig(bad, 'x.json')).toThrow(
      'x.json: invalid built-in balancer config: policy must be one of round-robin, least-conn, sticky-cookie, sticky-session-id, hash-session-id, client-ip, route-by-header, route-by-body; host must be a non-empty string; backends[0] must be {id: string, host: string, port: 1..65535}; proxy.connectTimeoutMs must be a positive integer; proxy.clientKeepAliveTimeoutMs must be a positive integer; stickyTable.ttlMs must be a positive integer',
    );
    expect(() => parseBuiltinBalancerConfig('{', 'y.json')).toThrow(/^y\.json: not JSON/);
  });
});

describe('builtin routing policies', () => {
  it('implements round-robin and sticky-session-id today and reports the rest unsupported', () => {
    expect(BALANCER_POLICIES.filter((p) => builtinPolicySupport(p).supported)).toEqual(['round-robin', 'sticky-session-id']);
    expect(builtinPolicySupport('route-by-body')).toEqual({ supported: false, reason: 'the built-in balancer does not implement policy "route-by-body" yet' });
    expect(() => createRoutingPolicy('least-conn', 3)).toThrow(/no routing policy "least-conn"/);
  });
});
