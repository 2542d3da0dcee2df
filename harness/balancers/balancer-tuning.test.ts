import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING_REQUEST, describeTuning, resolveTuning } from './balancer-tuning.js';

describe('resolveTuning', () => {
  it("defaults are each balancer's documented ones, with their sources", () => {
    const haproxy = resolveTuning('haproxy', DEFAULT_TUNING_REQUEST);
    expect(haproxy).toMatchObject({ supported: true, tuning: { healthCheck: { kind: 'active', path: '/-/healthz', intervalMs: 2000, fall: 3, rise: 2 }, retries: 3, redispatch: false } });
    const nginx = resolveTuning('nginx', DEFAULT_TUNING_REQUEST);
    expect(nginx).toMatchObject({ supported: true, tuning: { healthCheck: { kind: 'passive', maxFails: 1, failTimeoutMs: 10_000 }, retries: 'every-replica', redispatch: true } });
    const builtin = resolveTuning('builtin', DEFAULT_TUNING_REQUEST);
    expect(builtin).toMatchObject({ supported: true, tuning: { healthCheck: { kind: 'off' }, retries: 3, redispatch: false } });
    for (const r of [haproxy, nginx, builtin]) expect(r.supported && r.tuning.sources.length).toBeGreaterThan(0);
  });

  it('explicit values win and carry no source', () => {
    expect(resolveTuning('haproxy', { healthCheck: { intervalMs: 500, fall: 1, rise: 1 }, retries: 0, redispatch: true })).toEqual({
      supported: true,
      tuning: { healthCheck: { kind: 'active', path: '/-/healthz', intervalMs: 500, fall: 1, rise: 1 }, retries: 0, redispatch: true, sources: [] },
    });
  });

  it('refuses what an implementation cannot express, saying why', () => {
    const active = { healthCheck: { intervalMs: 1000, fall: 3, rise: 2 }, retries: 'default', redispatch: 'default' } as const;
    expect(resolveTuning('nginx', active)).toMatchObject({ supported: false, reason: expect.stringMatching(/NGINX Plus/) });
    expect(resolveTuning('builtin', active)).toMatchObject({ supported: false, reason: expect.stringMatching(/no active health checks/) });
    expect(resolveTuning('nginx', { healthCheck: 'default', retries: 'default', redispatch: false })).toMatchObject({ supported: false });
    expect(resolveTuning('nginx', { healthCheck: 'off', retries: 0, redispatch: false })).toMatchObject({ supported: true, tuning: { retries: 0, redispatch: false, healthCheck: { kind: 'off' } } });
  });

  it('describes what applies in one line', () => {
    const r = resolveTuning('nginx', DEFAULT_TUNING_REQUEST);
    expect(r.supported && describeTuning(r.tuning)).toBe('passive checks (max_fails 1, fail_timeout 10000 ms); retries every-replica; redispatch');
  });
});
