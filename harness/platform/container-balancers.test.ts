import { describe, expect, it } from 'vitest';
import { BALANCER_POLICIES } from '../balancers/balancer.js';
import { haproxyPolicySupport } from '../balancers/haproxy-config.js';
import { HarnessError } from '../errors/harness-error.js';
import { containerBalancerFor } from './container-balancers.js';

describe('containerBalancerFor', () => {
  it('auto means HAProxy in a container, running the generated config on a fixed port, replicas by name', () => {
    const { kind, reason } = containerBalancerFor('auto', 'sticky-session-id');
    expect(kind.impl).toBe('haproxy');
    expect(reason).toContain('auto');
    const { text: config } = kind.renderConfig({ policy: 'sticky-session-id', runId: 'run-1', backends: [{ id: 'r1', host: 'r1', port: 8080 }, { id: 'r2', host: 'r2', port: 8080 }] });
    expect(config).toContain('bind 0.0.0.0:8080');
    expect(config).toMatch(/server r1 r1:8080/);
    expect(config).toContain('stick match req.hdr(mcp-session-id)');
    // Names re-resolved through Docker's DNS at run time, so a replica back with a new address is followed.
    expect(config).toMatch(/^resolvers cell-dns\n\s+# .*\n\s+parse-resolv-conf$/m);
    for (const id of ['r1', 'r2']) expect(config).toMatch(new RegExp(`server ${id} ${id}:8080 .*resolvers cell-dns resolve-prefer ipv4 init-addr libc,none`));
    expect(kind.command).toEqual(['haproxy', '-db', '-f', kind.configPath]);
  });

  it('nginx runs its generated config with the prefix inside the container', () => {
    const { kind } = containerBalancerFor('nginx', 'round-robin');
    const { text } = kind.renderConfig({ policy: 'round-robin', runId: 'run-1', backends: [{ id: 'r1', host: 'r1', port: 8080 }] });
    expect(text).toMatch(/listen 0\.0\.0\.0:8080/);
    expect(text).toMatch(/server r1:8080/);
    expect(kind.command).toEqual(['nginx', '-p', '/etc/nginx/', '-c', '/etc/nginx/nginx.conf']);
    expect(kind.parseVersion('nginx version: nginx/1.22.1\n')).toBe('1.22.1');
  });

  it('refuses the built-in balancer (it listens on an OS-chosen port), with the fix', () => {
    for (const choice of ['builtin'] as const) {
      let error: HarnessError | undefined;
      try {
        containerBalancerFor(choice, 'round-robin');
      } catch (e) {
        error = e as HarnessError;
      }
      expect(error?.code).toBe('E_BALANCER_UNAVAILABLE');
      expect(error?.hint).toContain('balancer: haproxy');
    }
  });

  it('supports every policy with HAProxy, and refuses one open-source nginx cannot express', () => {
    expect(BALANCER_POLICIES.filter((p) => !haproxyPolicySupport(p).supported)).toEqual([]);
    expect(() => containerBalancerFor('nginx', 'sticky-session-id')).toThrow(HarnessError);
  });

  it('parses the version out of `haproxy -v`', () => {
    const { kind } = containerBalancerFor('haproxy', 'round-robin');
    expect(kind.parseVersion('HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/\n')).toBe('2.6.12-1+deb12u4');
  });
});
