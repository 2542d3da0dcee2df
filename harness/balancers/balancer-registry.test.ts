import { describe, expect, it } from 'vitest';
import type { Availability, BalancerImplementation, BalancerImplName, BalancerPolicy, PolicySupport, StartedBalancer } from './balancer.js';
import { chooseBalancer, defaultBalancerImplementations } from './balancer-registry.js';
import { HarnessError } from '../errors/harness-error.js';

function fake(name: BalancerImplName, availability: Availability, policies: readonly BalancerPolicy[]): BalancerImplementation & { probes: number } {
  return {
    name,
    probes: 0,
    availability() {
      this.probes += 1;
      return Promise.resolve(availability);
    },
    supports(policy): PolicySupport {
      return policies.includes(policy) ? { supported: true } : { supported: false, reason: `${name} lacks ${policy}` };
    },
    start(): Promise<StartedBalancer> {
      return Promise.reject(new Error('not in unit tests'));
    },
  };
}

const haproxyOk = () => fake('haproxy', { available: true, version: '2.6.12', path: '/usr/sbin/haproxy' }, ['round-robin', 'sticky-session-id', 'least-conn']);
const haproxyMissing = () => fake('haproxy', { available: false, reason: 'haproxy not found on PATH' }, ['round-robin', 'sticky-session-id', 'least-conn']);
const nginx = () => fake('nginx', { available: false, reason: 'not implemented yet' }, []);
const builtin = () => fake('builtin', { available: true, version: 'node 20', path: '/usr/bin/node' }, ['round-robin', 'sticky-session-id']);

async function failure(p: Promise<unknown>): Promise<HarnessError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected a HarnessError');
}

describe('chooseBalancer', () => {
  it('auto prefers HAProxy when it is available and supports the policy', async () => {
    const s = await chooseBalancer('auto', 'sticky-session-id', { implementations: [haproxyOk(), nginx(), builtin()] });
    expect(s).toMatchObject({ name: 'haproxy', version: '2.6.12', requested: 'auto', reason: 'auto: haproxy 2.6.12 is available and supports sticky-session-id', skipped: [] });
  });

  it('auto falls back to builtin when HAProxy is missing, and says why', async () => {
    const s = await chooseBalancer('auto', 'round-robin', { implementations: [haproxyMissing(), nginx(), builtin()] });
    expect(s.name).toBe('builtin');
    expect(s.skipped).toEqual([{ name: 'haproxy', reason: 'unavailable: haproxy not found on PATH' }]);
    expect(s.reason).toBe('auto: builtin node 20 is available and supports round-robin (haproxy unavailable: haproxy not found on PATH)');
  });

  it('auto skips HAProxy for a policy it does not support', async () => {
    const haproxy = fake('haproxy', { available: true, version: '2.6.12', path: '/x' }, ['round-robin']);
    const s = await chooseBalancer('auto', 'sticky-session-id', { implementations: [haproxy, builtin()] });
    expect(s.name).toBe('builtin');
    expect(s.skipped).toEqual([{ name: 'haproxy', reason: 'policy unsupported: haproxy lacks sticky-session-id' }]);
  });

  it('auto fails with E_POLICY_UNSUPPORTED when nobody implements the policy', async () => {
    const e = await failure(chooseBalancer('auto', 'route-by-body', { implementations: [haproxyOk(), nginx(), builtin()] }));
    expect(e.code).toBe('E_POLICY_UNSUPPORTED');
    expect(e.details).toEqual(['haproxy: policy unsupported: haproxy lacks route-by-body', 'builtin: policy unsupported: builtin lacks route-by-body']);
  });

  it('auto fails with E_BALANCER_UNAVAILABLE when only a missing implementation has the policy', async () => {
    const e = await failure(chooseBalancer('auto', 'least-conn', { implementations: [haproxyMissing(), builtin()] }));
    expect(e.code).toBe('E_BALANCER_UNAVAILABLE');
    expect(e.hint).toMatch(/apt-get install haproxy/);
  });

  it('an explicit choice is honoured', async () => {
    const s = await chooseBalancer('builtin', 'round-robin', { implementations: [haproxyOk(), builtin()] });
    expect(s).toMatchObject({ name: 'builtin', requested: 'builtin', reason: 'requested explicitly: builtin node 20' });
  });

  it('an explicit but missing implementation is refused with the fix, never replaced', async () => {
    const e = await failure(chooseBalancer('haproxy', 'round-robin', { implementations: [haproxyMissing(), builtin()] }));
    expect(e.code).toBe('E_BALANCER_UNAVAILABLE');
    expect(e.message).toBe('balancer "haproxy" was requested but is not available: haproxy not found on PATH');
    expect(e.hint).toBe('install HAProxy (`apt-get install haproxy`) or set `balancer: builtin`');
  });

  it('an explicit implementation without the policy is refused, naming who has it', async () => {
    const e = await failure(chooseBalancer('builtin', 'least-conn', { implementations: [haproxyOk(), builtin()] }));
    expect(e.code).toBe('E_POLICY_UNSUPPORTED');
    expect(e.hint).toBe('Choose another balancer (implementations with policy "least-conn": haproxy) or another policy.');
  });

  it('nginx is reported as not implemented yet', async () => {
    const e = await failure(chooseBalancer('nginx', 'round-robin'));
    expect(e.code).toBe('E_BALANCER_UNAVAILABLE');
    expect(e.message).toBe('balancer "nginx" was requested but is not available: not implemented yet');
  });

  it('probes each implementation once across calls', async () => {
    const impls = [haproxyOk(), builtin()];
    await chooseBalancer('auto', 'round-robin', { implementations: impls });
    await chooseBalancer('auto', 'sticky-session-id', { implementations: impls });
    await chooseBalancer('haproxy', 'round-robin', { implementations: impls });
    expect(impls[0]!.probes).toBe(1);
  });

  it('the default list names all three implementations', () => {
    expect(defaultBalancerImplementations().map((i) => i.name)).toEqual(['haproxy', 'nginx', 'builtin']);
  });
});
