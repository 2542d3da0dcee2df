import { describe, expect, it } from 'vitest';
import { checkLoopbackUrl, isLoopbackHostname } from './loopback-url.js';
import { resolveScenario } from './resolve-scenario.js';
import { HarnessError } from '../errors/harness-error.js';

describe('loopback URLs (platform external sends load only to this machine)', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'api.localhost', '[::1]', '::1', 'LOCALHOST'])('%s is loopback', (host) => {
    expect(isLoopbackHostname(host)).toBe(true);
  });
  it.each(['10.0.0.1', '192.168.1.1', '0.0.0.0', 'example.com', '[::]', '128.0.0.1', 'localhost.example.com'])('%s is not', (host) => {
    expect(isLoopbackHostname(host)).toBe(false);
  });
  it('accepts http(s) URLs on loopback and explains every refusal', () => {
    expect(checkLoopbackUrl('http://127.0.0.1:8080').ok).toBe(true);
    expect(checkLoopbackUrl('https://localhost/x').ok).toBe(true);
    expect(checkLoopbackUrl('ftp://127.0.0.1/')).toEqual({ ok: false, message: '"ftp://127.0.0.1/" must be http:// or https://' });
    expect(checkLoopbackUrl('127.0.0.1:8080')).toMatchObject({ ok: false });
    expect(checkLoopbackUrl('http://10.1.1.1:80')).toMatchObject({ ok: false, message: expect.stringContaining('not on this machine') });
  });
});

const BASE = `
name: t
matrix: { model: legacy, policy: round-robin, replicas: 3 }
load: { executor: constant-arrival-rate, rate: 20, duration: 10s }
`;

function details(text: string): readonly string[] {
  try {
    resolveScenario({ text: BASE + text });
  } catch (e) {
    if (e instanceof HarnessError) return e.details;
    throw e;
  }
  return [];
}

describe('platform, images and target in a scenario', () => {
  it('platform docker resolves with the default image names, overridable one by one', () => {
    const s = resolveScenario({ text: BASE + 'platform: docker\nimages: { replica: "my/server:1.2" }\n' });
    expect(s.platform).toBe('docker');
    expect(s.images.replica).toBe('my/server:1.2');
    expect(s.images.haproxy).toMatch(/^mcp-lb-bench\/haproxy:/);
    expect(s.target).toBeUndefined();
  });

  it('platform external resolves with a loopback target (trailing slash dropped, replicas default to none)', () => {
    const s = resolveScenario({ text: BASE + 'platform: external\nbalancer: haproxy\ntarget: { url: "http://127.0.0.1:8080/" }\n' });
    expect(s.target).toEqual({ url: 'http://127.0.0.1:8080', replicas: [] });
  });

  it('refuses a non-loopback target and stats URL, naming the path', () => {
    const found = details('platform: external\nbalancer: haproxy\ntarget: { url: "http://10.0.0.5:8080", replicas: [{ id: r1, statsUrl: "http://example.com/-/stats" }] }\n');
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^target\.url: "http:\/\/10\.0\.0\.5:8080" is not on this machine/);
    expect(found[1]).toMatch(/^target\.replicas\[0\]\.statsUrl: .* is not on this machine/);
  });

  it('external needs a target and a named balancer; a target elsewhere is refused, not ignored', () => {
    expect(details('platform: external\n')).toEqual([
      expect.stringMatching(/^balancer: platform external needs the deployed balancer named/),
      expect.stringMatching(/^target: platform external needs a target/),
    ]);
    expect(details('platform: docker\ntarget: { url: "http://127.0.0.1:1" }\n')).toEqual([expect.stringMatching(/^target: target is only used by platform external/)]);
  });
});
