import { describe, expect, it } from 'vitest';
import { resolveScenario } from './resolve-scenario.js';

const BASE = `name: t
matrix: { model: stateless, policy: [round-robin, route-by-header], replicas: [2, 3] }
load: { executor: constant-arrival-rate, rate: 5, duration: 2s }
`;
const POOLS = '  pools: [{ name: heavy, replicas: 1, tools: [work] }]\n';

function problems(text: string, flags = {}): string[] {
  try {
    resolveScenario({ text, flags });
  } catch (e) {
    return (e as { details: string[] }).details;
  }
  return [];
}

describe('balancer section', () => {
  it('the shortcut and the mapping resolve to the same settings, every option at its default', () => {
    const short = resolveScenario({ text: 'balancer: haproxy\n' + BASE.replace(', route-by-header', '') }).balancer;
    expect(short).toEqual({ implementation: 'haproxy', pools: [], healthCheck: 'default', retries: 'default', redispatch: 'default' });
    expect(resolveScenario({ text: 'balancer: { implementation: haproxy }\n' + BASE.replace(', route-by-header', '') }).balancer).toEqual(short);
  });

  it('reads pools, health checks, retries and redispatch', () => {
    const b = resolveScenario({ text: `balancer:\n  implementation: nginx\n${POOLS}  healthCheck: off\n  retries: 2\n  redispatch: true\n` + BASE }).balancer;
    expect(b).toEqual({ implementation: 'nginx', pools: [{ name: 'heavy', replicas: 1, tools: ['work'] }], healthCheck: 'off', retries: 2, redispatch: true });
    const hc = resolveScenario({ text: `balancer:\n${POOLS}  healthCheck: { interval: 500ms, fall: 2, rise: 1 }\n` + BASE }).balancer.healthCheck;
    expect(hc).toEqual({ intervalMs: 500, fall: 2, rise: 1 });
  });

  it('route-by-* cells need pools, and the pools must leave a replica for the default pool at every count', () => {
    expect(problems(BASE)).toEqual([expect.stringMatching(/^balancer\.pools: policy route-by-header routes tool calls to pools, but balancer\.pools is empty/)]);
    const tooBig = `balancer:\n  pools: [{ name: heavy, replicas: 2, tools: [work] }]\n` + BASE;
    expect(problems(tooBig)).toEqual([expect.stringMatching(/^balancer\.pools: pools take 2 replica\(s\), leaving none for the default pool at replicas 2/)]);
  });

  it('refuses bad pools: reserved or repeated names, a tool in two pools, unknown tools', () => {
    const text = `balancer:\n  pools:\n    - { name: default, replicas: 1, tools: [work] }\n    - { name: a, replicas: 1, tools: [work, nope] }\n    - { name: a, replicas: 1, tools: [sleep] }\n` + BASE.replace('[2, 3]', '[9]');
    const found = problems(text);
    expect(found.join('\n')).toMatch(/balancer\.pools\[0\]\.name: "default" is the pool of the remaining replicas/);
    expect(found.join('\n')).toMatch(/balancer\.pools\[1\]\.tools\[1\]/);
  });

  it('--balancer keeps the rest of a balancer mapping', () => {
    const b = resolveScenario({ text: `balancer:\n  implementation: haproxy\n${POOLS}` + BASE, flags: { balancer: 'nginx' } }).balancer;
    expect(b).toMatchObject({ implementation: 'nginx', pools: [{ name: 'heavy' }] });
    expect(resolveScenario({ text: BASE.replace(', route-by-header', ''), env: { MCP_LB_BENCH_BALANCER: 'builtin' } }).balancer.implementation).toBe('builtin');
  });
});
