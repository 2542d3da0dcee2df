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
});
