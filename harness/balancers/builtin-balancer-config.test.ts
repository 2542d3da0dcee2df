import { describe, expect, it } from 'vitest';
import { BALANCER_POLICIES } from './balancer.js';
import { defaultBuiltinBalancerConfig, parseBuiltinBalancerConfig } from './builtin-balancer-config.js';
import { builtinPolicySupport, createRoutingPolicy } from './routing-policies.js';

describe('builtin balancer config', () => {
  it('round-trips the default config through JSON', () => {
    const config = defaultBuiltinBalancerConfig('sticky-session-id', [{ id: 'r1', host: '127.0.0.1', port: 4000 }]);
    expect(parseBuiltinBalancerConfig(JSON.stringify(config), 'x.json')).toEqual(config);
  });

  it('round-trips pools and retry settings', () => {
    const base = defaultBuiltinBalancerConfig('route-by-body', [{ id: 'r1', host: '127.0.0.1', port: 4000 }, { id: 'r2', host: '127.0.0.1', port: 4001 }]);
    const config = { ...base, proxy: { ...base.proxy, retries: 2, redispatch: true }, pools: [{ name: 'heavy', backendIds: ['r1'], tools: ['work'] }, { name: 'default', backendIds: ['r2'], tools: [] }] };
    expect(parseBuiltinBalancerConfig(JSON.stringify(config), 'x.json')).toEqual(config);
    const bad = { ...config, proxy: { ...config.proxy, retries: -1 }, pools: [{ name: 'heavy', backendIds: ['r9'], tools: ['work'] }] };
    expect(() => parseBuiltinBalancerConfig(JSON.stringify(bad), 'x.json')).toThrow(
      'x.json: invalid built-in balancer config: proxy.retries must be an integer >= 0; pools[0] must be {name: string, backendIds: known backend ids (at least one), tools: string[]}',
    );
  });

  it('lists every problem', () => {
    const bad = JSON.stringify({ policy: 'magic', host: '', backends: [{ id: 'r1', port: 70000 }], proxy: {}, stickyTable: { maxEntries: 1, ttlMs: -1, maxIdLength: 1 } });
    expect(() => parseBuiltinBalancerConfig(bad, 'x.json')).toThrow(
      `x.json: invalid built-in balancer config: policy must be one of ${BALANCER_POLICIES.join(', ')}; host must be a non-empty string; backends[0] must be {id: string, host: string, port: 1..65535}; proxy.connectTimeoutMs must be a positive integer; proxy.clientKeepAliveTimeoutMs must be a positive integer; stickyTable.ttlMs must be a positive integer`,
    );
    expect(() => parseBuiltinBalancerConfig('{', 'y.json')).toThrow(/^y\.json: not JSON/);
  });
});

describe('builtin routing policies', () => {
  it('implements every policy', () => {
    expect(BALANCER_POLICIES.filter((p) => builtinPolicySupport(p).supported)).toEqual([...BALANCER_POLICIES]);
    for (const p of BALANCER_POLICIES) expect(createRoutingPolicy(p, 3)).toBeDefined();
    expect(() => createRoutingPolicy('sticky-cookie', 3, { backendIds: ['a', 'b'] })).toThrow(RangeError);
  });
});
