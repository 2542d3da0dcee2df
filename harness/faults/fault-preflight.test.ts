import { describe, expect, it } from 'vitest';
import type { ReplicaHandle } from '../platform/platform.js';
import { faultPreflight, spareReplicaIds } from './fault-preflight.js';

const handle = (id: string, caps: Partial<ReplicaHandle> = {}): ReplicaHandle => ({ id, pid: 1, url: '', sdk: {}, cpuSource: 'none', stats: async () => ({}) as never, cpuMicros: () => undefined, rssBytes: () => undefined, incarnations: () => [], ...caps });
const noop = async (): Promise<void> => undefined;

describe('faultPreflight', () => {
  it('names each capability the started topology lacks, and passes what it has', async () => {
    const replicas = [handle('r1', { kill: noop }), handle('r2')];
    const problems = await faultPreflight(
      [
        { kind: 'replica-crash', atMs: 0, replicas: ['r1'], restartAfterMs: undefined },
        { kind: 'replica-crash', atMs: 0, replicas: ['r1'], restartAfterMs: 1000 },
        { kind: 'replica-hang', atMs: 0, replicas: ['r2'], durationMs: 10 },
        { kind: 'replica-restart', atMs: 0, replicas: ['r9'], graceMs: 0 },
        { kind: 'balancer-reload', atMs: 0 },
      ],
      { store: undefined, platform: 'external', replicas, balancer: { impl: 'haproxy' } },
    );
    expect(problems).toEqual([
      'replica-crash: replica r1 cannot start on platform external',
      'replica-hang: replica r2 cannot pause/resume on platform external',
      'replica-restart: no replica "r9" in this topology (it has r1, r2)',
      'balancer-reload: balancer haproxy on platform external has no runtime control (HAProxy, nginx and the built-in balancer on platform process have it)',
    ]);
  });

  it('leaves room for every replica the scale-outs add', () => {
    expect(spareReplicaIds([{ kind: 'scale-out', atMs: 0, count: 2 }, { kind: 'scale-in', atMs: 5, count: 1, drainMs: 0, graceMs: 0 }, { kind: 'scale-out', atMs: 9, count: 1 }], 3)).toEqual(['r4', 'r5', 'r6']);
  });
});
