import { describe, expect, it } from 'vitest';
import { runFaults } from './fault-schedule.js';

describe('runFaults', () => {
  it('fires each fault at its offset and reports start and recovery', async () => {
    const calls: Array<[string, number, number]> = [];
    const t0 = performance.now();
    const [report] = await runFaults([{ kind: 'store-outage', atMs: 30, durationMs: 20, mode: 'hang' }], { store: { outage: async (mode, ms) => void calls.push([mode, ms, performance.now() - t0]), cpuMicros: () => undefined } }, t0, new AbortController().signal);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe('hang');
    expect(calls[0]?.[2]).toBeGreaterThanOrEqual(29);
    expect(report?.startedAtMs).toBeGreaterThanOrEqual(29);
    expect(report?.error).toBeUndefined();
  });

  it('reports a fault the topology cannot take instead of throwing', async () => {
    const [report] = await runFaults([{ kind: 'store-outage', atMs: 0, durationMs: 10, mode: 'refuse' }], { store: undefined }, performance.now(), new AbortController().signal);
    expect(report?.error).toMatch(/no shared store/);
  });

  it('does not fire after the run stopped', async () => {
    const abort = new AbortController();
    abort.abort();
    let fired = false;
    const [report] = await runFaults([{ kind: 'store-outage', atMs: 5, durationMs: 10, mode: 'hang' }], { store: { outage: async () => void (fired = true), cpuMicros: () => undefined } }, performance.now(), abort.signal);
    expect(fired).toBe(false);
    expect(report?.startedAtMs).toBeUndefined();
  });

  it('runs a scale-in due while a scale-out is still starting its replicas after it, on the replicas it added', async () => {
    type R = { id: string; pid: number; stats: () => Promise<unknown> };
    const stats = async () => ({ sessions: { active: 5 } });
    const replicas: R[] = [{ id: 'r1', pid: 1, stats }, { id: 'r2', pid: 2, stats }];
    const control = { mechanism: 'stub', addBackend: async () => undefined, drainBackend: async () => true, removeBackend: async () => undefined, reload: async () => undefined, waitBackendUp: async () => undefined };
    const removed: string[] = [];
    const targets = {
      store: undefined,
      replicas: replicas as never,
      balancer: { impl: 'haproxy' as const, control },
      addReplica: async () => {
        await new Promise((r) => setTimeout(r, 60));
        const r = { id: `r${replicas.length + 1}`, pid: 10 + replicas.length, stats };
        replicas.push(r);
        return r as never;
      },
      removeReplica: async (id: string) => {
        removed.push(id);
        replicas.find((r) => r.id === id)!.pid = 0;
        return { drained: true };
      },
    };
    const [out, into] = await runFaults([{ kind: 'scale-out', atMs: 0, count: 2 }, { kind: 'scale-in', atMs: 10, count: 2, drainMs: 0, graceMs: 0 }], targets, performance.now(), new AbortController().signal);
    expect(out?.error).toBeUndefined();
    expect(into?.error).toBeUndefined();
    expect(into!.startedAtMs!).toBeGreaterThanOrEqual(out!.recoveredAtMs!);
    expect(removed.sort()).toEqual(['r3', 'r4']);
    expect([into?.sessionsOnTarget, into?.sessionsOpen]).toEqual([10, 20]);
  });
});
