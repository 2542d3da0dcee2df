import { describe, expect, it } from 'vitest';
import { BALANCER_POLICIES } from './balancer.js';
import { haproxyPolicySupport } from './haproxy-config.js';
import { HarnessError } from '../errors/harness-error.js';
import { chooseBalancer } from './balancer-registry.js';

async function failure(p: Promise<unknown>): Promise<HarnessError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected a HarnessError');
}

describe('balancers in containers (chooseBalancer on platform docker)', () => {
  it('auto means HAProxy in a container, running the generated config on a fixed port, replicas by name', async () => {
    const s = await chooseBalancer('auto', 'sticky-session-id', { platform: 'docker' });
    expect(s.name).toBe('haproxy');
    expect(s.reason).toContain('auto on platform docker');
    const recipe = s.kind.container!;
    const { text: config } = recipe.renderConfig({ policy: 'sticky-session-id', runId: 'run-1', backends: [{ id: 'r1', host: 'r1', port: 8080 }, { id: 'r2', host: 'r2', port: 8080 }] });
    expect(config).toContain('bind 0.0.0.0:8080');
    expect(config).toMatch(/server r1 r1:8080/);
    expect(config).toContain('stick match req.hdr(mcp-session-id)');
    // Names re-resolved through Docker's DNS at run time, so a replica back with a new address is followed.
    expect(config).toMatch(/^resolvers cell-dns\n\s+# .*\n\s+parse-resolv-conf$/m);
    for (const id of ['r1', 'r2']) expect(config).toMatch(new RegExp(`server ${id} ${id}:8080 .*resolvers cell-dns resolve-prefer ipv4 init-addr libc,none`));
    expect(recipe.command).toEqual(['haproxy', '-db', '-f', recipe.configPath]);
  });

  it('nginx runs its generated config with the prefix inside the container', async () => {
    const recipe = (await chooseBalancer('nginx', 'round-robin', { platform: 'docker' })).kind.container!;
    const { text } = recipe.renderConfig({ policy: 'round-robin', runId: 'run-1', backends: [{ id: 'r1', host: 'r1', port: 8080 }] });
    expect(text).toMatch(/listen 0\.0\.0\.0:8080/);
    expect(text).toMatch(/server r1:8080/);
    expect(recipe.command).toEqual(['nginx', '-p', '/etc/nginx/', '-c', '/etc/nginx/nginx.conf']);
    expect(recipe.parseVersion('nginx version: nginx/1.22.1\n')).toBe('1.22.1');
  });

  it('refuses the built-in balancer (it listens on an OS-chosen port), with the fix', async () => {
    const error = await failure(chooseBalancer('builtin', 'round-robin', { platform: 'docker' }));
    expect(error.code).toBe('E_BALANCER_UNAVAILABLE');
    expect(error.message).toContain('OS-chosen port');
    expect(error.hint).toContain('balancer: haproxy');
  });

  it('supports every policy with HAProxy, and refuses one open-source nginx cannot express', async () => {
    expect(BALANCER_POLICIES.filter((p) => !haproxyPolicySupport(p).supported)).toEqual([]);
    expect((await failure(chooseBalancer('nginx', 'sticky-session-id', { platform: 'docker' }))).code).toBe('E_POLICY_UNSUPPORTED');
  });

  it('parses the version out of `haproxy -v`', async () => {
    const recipe = (await chooseBalancer('haproxy', 'round-robin', { platform: 'docker' })).kind.container!;
    expect(recipe.parseVersion('HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/\n')).toBe('2.6.12-1+deb12u4');
  });

  it('on platform external names the deployed balancer and refuses auto', async () => {
    const s = await chooseBalancer('nginx', 'sticky-session-id', { platform: 'external' });
    expect([s.name, s.version]).toEqual(['nginx', undefined]);
    expect(s.reason).toContain('external deployment');
    expect((await failure(chooseBalancer('auto', 'round-robin', { platform: 'external' }))).code).toBe('E_USAGE');
  });
});
