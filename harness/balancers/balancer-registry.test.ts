import { describe, expect, it } from 'vitest';
import type { Availability, BalancerImplName, BalancerPolicy, BalancerTuningRequest, PolicySupport, StartedBalancer } from './balancer.js';
import { BALANCER_CHOICES, balancerKinds, chooseBalancer, type BalancerKind } from './balancer-registry.js';
import { HarnessError } from '../errors/harness-error.js';

const HINTS = Object.fromEntries(balancerKinds().map((k) => [k.name, k.installHint])) as Record<BalancerImplName, string>;

function fake(name: BalancerImplName, availability: Availability, policies: readonly BalancerPolicy[], activeChecks = true): BalancerKind & { probes: number } {
  return {
    name,
    installHint: HINTS[name],
    container: undefined,
    probes: 0,
    availability() {
      this.probes += 1;
      return Promise.resolve(availability);
    },
    supports(policy): PolicySupport {
      return policies.includes(policy) ? { supported: true } : { supported: false, reason: `${name} lacks ${policy}` };
    },
    supportsTuning(t: BalancerTuningRequest): PolicySupport {
      return typeof t.healthCheck === 'object' && !activeChecks ? { supported: false, reason: `${name} has no active checks` } : { supported: true };
    },
    start(): Promise<StartedBalancer> {
      return Promise.reject(new Error('not in unit tests'));
    },
  };
}

const ALL: readonly BalancerPolicy[] = ['round-robin', 'least-conn', 'sticky-session-id', 'route-by-body'];
const haproxyOk = () => fake('haproxy', { available: true, version: '2.6.12', path: '/usr/sbin/haproxy' }, ALL);
const haproxyMissing = () => fake('haproxy', { available: false, reason: 'haproxy not found on PATH' }, ALL);
const nginxOk = () => fake('nginx', { available: true, version: '1.22.1', path: '/usr/sbin/nginx' }, ['round-robin', 'least-conn', 'route-by-body'], false);
const nginxMissing = () => fake('nginx', { available: false, reason: 'nginx not found on PATH' }, ['round-robin', 'least-conn', 'route-by-body'], false);
const builtin = () => fake('builtin', { available: true, version: 'node 20', path: '/usr/bin/node' }, ['round-robin', 'sticky-session-id'], false);
const ACTIVE_CHECKS: BalancerTuningRequest = { healthCheck: { intervalMs: 1000, fall: 3, rise: 2 }, retries: 'default', redispatch: 'default' };

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
  it('auto prefers HAProxy, then nginx, then the built-in balancer; the CLI choices come from the same list', () => {
    expect(balancerKinds().map((k) => k.name)).toEqual(['haproxy', 'nginx', 'builtin']);
    expect(BALANCER_CHOICES).toEqual(['auto', 'haproxy', 'nginx', 'builtin']);
  });

  it('auto prefers HAProxy when it is available and supports the policy', async () => {
    const s = await chooseBalancer('auto', 'sticky-session-id', { implementations: [haproxyOk(), nginxOk(), builtin()] });
    expect(s).toMatchObject({ name: 'haproxy', version: '2.6.12', requested: 'auto', reason: 'auto: haproxy 2.6.12 is available and supports sticky-session-id', skipped: [] });
  });

  it('auto takes nginx when HAProxy is missing, and says why', async () => {
    const s = await chooseBalancer('auto', 'least-conn', { implementations: [haproxyMissing(), nginxOk(), builtin()] });
    expect(s.name).toBe('nginx');
    expect(s.reason).toBe('auto: nginx 1.22.1 is available and supports least-conn (haproxy unavailable: haproxy not found on PATH)');
  });

  it('auto falls back to builtin past an nginx that cannot express the policy', async () => {
    const s = await chooseBalancer('auto', 'sticky-session-id', { implementations: [haproxyMissing(), nginxOk(), builtin()] });
    expect(s.name).toBe('builtin');
    expect(s.skipped).toEqual([
      { name: 'haproxy', reason: 'unavailable: haproxy not found on PATH' },
      { name: 'nginx', reason: 'policy unsupported: nginx lacks sticky-session-id' },
    ]);
  });

  it('auto skips an implementation that cannot apply the requested tuning', async () => {
    const e = await failure(chooseBalancer('auto', 'round-robin', { implementations: [haproxyMissing(), nginxOk(), builtin()], tuning: ACTIVE_CHECKS }));
    expect(e.code).toBe('E_BALANCER_UNAVAILABLE');
    expect(e.details).toEqual(['haproxy: unavailable: haproxy not found on PATH', 'nginx: policy unsupported: nginx has no active checks', 'builtin: policy unsupported: builtin has no active checks']);
    expect(e.hint).toMatch(/apt-get install haproxy.*mcp-lb-bench doctor/);
    expect(e.exitCode).toBe(3);
  });

  it('auto fails with E_POLICY_UNSUPPORTED (exit 3) when nobody can express the policy', async () => {
    const e = await failure(chooseBalancer('auto', 'hash-session-id', { implementations: [haproxyOk(), nginxOk(), builtin()] }));
    expect(e.code).toBe('E_POLICY_UNSUPPORTED');
    expect(e.exitCode).toBe(3);
    expect(e.details).toHaveLength(3);
  });

  it('auto names the install that would help: nginx when only nginx (of the missing ones) has the policy', async () => {
    const e = await failure(chooseBalancer('auto', 'route-by-body', { implementations: [fake('haproxy', { available: false, reason: 'gone' }, []), nginxMissing(), builtin()] }));
    expect(e.code).toBe('E_BALANCER_UNAVAILABLE');
    expect(e.hint).toMatch(/apt-get install nginx-light/);
  });

  it('an explicit choice is honoured', async () => {
    const s = await chooseBalancer('builtin', 'round-robin', { implementations: [haproxyOk(), builtin()] });
    expect(s).toMatchObject({ name: 'builtin', requested: 'builtin', reason: 'requested explicitly: builtin node 20' });
  });

  it('an explicit but missing implementation is refused with the fix, never replaced', async () => {
    const e = await failure(chooseBalancer('nginx', 'round-robin', { implementations: [haproxyOk(), nginxMissing(), builtin()] }));
    expect(e.code).toBe('E_BALANCER_UNAVAILABLE');
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('balancer "nginx" was requested but is not available: nginx not found on PATH');
    expect(e.hint).toBe('install nginx (`apt-get install nginx-light`) or set `balancer: haproxy` / `balancer: builtin`; `mcp-lb-bench doctor` lists what this machine has');
  });

  it('an explicit implementation without the policy is refused (exit 3), naming who has it', async () => {
    const e = await failure(chooseBalancer('nginx', 'sticky-session-id', { implementations: [haproxyOk(), nginxOk(), builtin()] }));
    expect(e.code).toBe('E_POLICY_UNSUPPORTED');
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('balancer "nginx" was requested but cannot run policy "sticky-session-id": nginx lacks sticky-session-id');
    expect(e.hint).toBe(
      'Choose another balancer (balancers with policy "sticky-session-id": haproxy, builtin) or another policy; `mcp-lb-bench doctor` lists what each balancer supports.',
    );
  });

  it('an explicit implementation that cannot apply the tuning is refused with its reason', async () => {
    const e = await failure(chooseBalancer('nginx', 'round-robin', { implementations: [haproxyOk(), nginxOk()], tuning: ACTIVE_CHECKS }));
    expect(e.message).toBe('balancer "nginx" was requested but cannot run policy "round-robin": nginx has no active checks');
  });

  it('probes each implementation once across calls', async () => {
    const impls = [haproxyOk(), builtin()];
    await chooseBalancer('auto', 'round-robin', { implementations: impls });
    await chooseBalancer('auto', 'sticky-session-id', { implementations: impls });
    await chooseBalancer('haproxy', 'round-robin', { implementations: impls });
    expect(impls[0]!.probes).toBe(1);
  });

  it('the registry names all three balancers, nginx implemented, containers for HAProxy and nginx', () => {
    const impls = balancerKinds();
    expect(impls.map((k) => [k.name, k.container?.imageKind])).toEqual([['haproxy', 'haproxy'], ['nginx', 'nginx'], ['builtin', undefined]]);
    expect(impls.map((i) => i.name)).toEqual(['haproxy', 'nginx', 'builtin']);
    expect(impls[1]!.supports('route-by-header')).toEqual({ supported: true });
  });

  it('route-by-task-owner: every implementation supports it', () => {
    const impls = balancerKinds();
    expect(impls.map((i) => i.supports('route-by-task-owner'))).toEqual(impls.map(() => ({ supported: true })));
  });
});
