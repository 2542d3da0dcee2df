import { describe, expect, it } from 'vitest';
import { resolveScenario } from './resolve-scenario.js';

const resolve = (extra: string, head = 'balancer: haproxy\nmatrix: { model: legacy, policy: sticky-session-id, replicas: [2, 3] }') =>
  resolveScenario({ text: `name: f\n${head}\nload: { executor: constant-arrival-rate, rate: 5, duration: 10s, warmup: 1s }\n${extra}`, env: {}, flags: { set: [] } });
const problems = (extra: string, head?: string): string => {
  try {
    resolve(extra, head);
    return '';
  } catch (e) {
    return [(e as Error).message, ...(((e as { details?: string[] }).details) ?? [])].join('\n');
  }
};

describe('fault validation', () => {
  it('desugars every fault kind with its defaults', () => {
    const s = resolve(`faults:
  - { kind: replica-crash, at: 3s, replicas: r2, duration: 2s }
  - { kind: replica-restart, at: 4s }
  - { kind: rolling-restart, at: 5s, maxUnavailable: 2 }
  - { kind: scale-out, at: 6s, count: 2 }
  - { kind: scale-in, at: 8s, count: 2, drain: 2s }
  - { kind: balancer-reload, at: 9s }
  - { kind: replica-hang, at: 2s, replicas: [r1, r2], duration: 1s }`);
    expect(s.faults).toEqual([
      { kind: 'replica-crash', atMs: 3000, replicas: ['r2'], restartAfterMs: 2000 },
      { kind: 'replica-restart', atMs: 4000, replicas: ['r1'], graceMs: 10_000 },
      { kind: 'rolling-restart', atMs: 5000, graceMs: 10_000, maxUnavailable: 2, intervalMs: 0, drainMs: 0 },
      { kind: 'scale-out', atMs: 6000, count: 2 },
      { kind: 'scale-in', atMs: 8000, count: 2, drainMs: 2000, graceMs: 10_000 },
      { kind: 'balancer-reload', atMs: 9000 },
      { kind: 'replica-hang', atMs: 2000, replicas: ['r1', 'r2'], durationMs: 1000 },
    ]);
  });

  it('refuses a replica some cells do not have, naming the cells', () => {
    expect(problems('faults: [{ kind: replica-crash, at: 3s, replicas: r3 }]')).toMatch(/faults\[0\]\.replicas: r3: 1 of the 2 cells have fewer replicas/);
  });

  it('counts replicas added by an earlier scale-out', () => {
    expect(problems('faults: [{ kind: scale-out, at: 2s }, { kind: replica-crash, at: 3s, replicas: r3 }]')).toBe('');
  });

  it('refuses a scale-in that would leave no replica', () => {
    expect(problems('faults: [{ kind: scale-in, at: 2s, count: 2 }]')).toMatch(/faults\[0\]\.count: scale-in of 2 would leave no replica/);
  });

  it('refuses network faults off docker, and balancer changes on docker and external, with the reason', () => {
    expect(problems('faults: [{ kind: network, at: 2s, duration: 1s, delay: 100ms }]')).toMatch(/network faults need platform docker/);
    expect(problems('faults: [{ kind: scale-out, at: 2s }]', 'platform: docker\nbalancer: haproxy\nmatrix: { model: legacy, policy: round-robin, replicas: 2 }')).toMatch(/scale-out is not available on platform docker yet/);
    expect(problems('faults: [{ kind: balancer-reload, at: 2s }]', 'balancer: builtin\nmatrix: { model: legacy, policy: round-robin, replicas: 2 }')).toBe('');
  });

  it('refuses a crash whose restart comes after the load', () => {
    expect(problems('faults: [{ kind: replica-crash, at: 9s, duration: 5s }]')).toMatch(/crashed replicas would stay down until 14s/);
  });
});
