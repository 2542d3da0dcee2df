import { afterEach, describe, expect, it, vi } from 'vitest';
import { DueQueue } from '../load/due-queue.js';
import { CellRecorder } from '../metrics/cell-recorder.js';
import type { LogicalSession } from '../workload/logical-session.js';
import type { ClientSession, OpResult, ProtocolModel } from './protocol-model.js';
import { runLogicalSession } from './run-logical-session.js';

/**
 * Node's timers count whole milliseconds of the loop's cached clock, so a wait can end up to 1 ms
 * before performance.now() reaches its due time. Here every timer does that, deterministically: a
 * wait of N ms ends after N − 0.95 ms (then rounded by Node as usual), through either API.
 */
const real = vi.hoisted(() => ({ setTimeout: globalThis.setTimeout }));
vi.mock('node:timers/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:timers/promises')>();
  return { ...orig, setTimeout: (ms = 1, value?: unknown) => new Promise((resolve) => real.setTimeout(() => resolve(value), Math.max(0, ms - 0.95))) };
});

afterEach(() => vi.unstubAllGlobals());

function probeModel(sends: Array<{ intendedMs: number; sentMs: number }>): ProtocolModel {
  const session: ClientSession = {
    recovered: false,
    async perform(_op, intendedMs): Promise<OpResult> {
      sends.push({ intendedMs, sentMs: performance.now() });
      return { ok: true, doneMs: performance.now() };
    },
    async close(intendedMs) {
      return intendedMs;
    },
    abandon() {},
  };
  return { name: 'stateless', protocolVersion: 'test', hasHandshake: false, open: async (_ctx, intendedMs) => ({ ok: true, session, doneMs: intendedMs }) };
}

describe('runLogicalSession with timers that fire early', () => {
  it('never sends a request before its intended time', async () => {
    vi.stubGlobal('setTimeout', ((fn: () => void, ms = 1, ...args: unknown[]) => real.setTimeout(fn, Math.max(0, ms - 0.95), ...args)) as typeof setTimeout);
    const sends: Array<{ intendedMs: number; sentMs: number }> = [];
    const logical: LogicalSession = {
      index: 0,
      operations: Array.from({ length: 10 }, () => ({ kind: 'call-tool' as const, tool: 'echo', arguments: {} })),
      thinkTimesMs: Array.from({ length: 10 }, (_, i) => 2 + (i % 3)),
      jitter: () => 1,
    };
    const recorder = new CellRecorder();
    const ctx = { http: undefined as never, recorder, measured: true, timeoutMs: 1000, signal: new AbortController().signal, cookies: undefined, timers: new DueQueue(), firstSentMs: undefined };
    await runLogicalSession(probeModel(sends), logical, ctx, performance.now());
    expect(sends).toHaveLength(10);
    expect(sends.filter((s) => s.sentMs < s.intendedMs)).toEqual([]);
  });
});
