import { describe, expect, it } from 'vitest';
import { DueQueue } from '../load/due-queue.js';
import type { HttpClient } from '../load/http-client.js';
import { CellRecorder } from '../metrics/cell-recorder.js';
import type { LogicalSession } from '../workload/logical-session.js';
import { LegacyModel } from './legacy-model.js';
import type { ClientSession, OpResult, ProtocolModel, SessionContext } from './protocol-model.js';
import { runLogicalSession } from './run-logical-session.js';
import { StatelessModel } from './stateless-model.js';
import { FakeCluster } from './testing/fake-cluster.js';

/** A model whose calls answer at once; it notes when each call was intended and when it went out. */
function probeModel(sends: Array<{ intendedMs: number; sentMs: number }>): ProtocolModel {
  const session: ClientSession = {
    recovered: false,
    async perform(_op, intendedMs): Promise<OpResult> {
      sends.push({ intendedMs, sentMs: performance.now() });
      await Promise.resolve();
      return { ok: true, doneMs: performance.now() };
    },
    async close(intendedMs) {
      return intendedMs;
    },
    abandon() {},
  };
  return { name: 'stateless', protocolVersion: 'test', hasHandshake: false, open: async (_ctx, intendedMs) => ({ ok: true, session, doneMs: intendedMs }) };
}

const logical = (calls: number, thinkMs: number): LogicalSession => ({
  index: 0,
  operations: Array.from({ length: calls }, () => ({ kind: 'call-tool' as const, tool: 'echo', arguments: { text: 'x' } })),
  thinkTimesMs: Array.from({ length: calls }, () => thinkMs),
  jitter: () => 1,
});

const context = (http: HttpClient, recorder: CellRecorder, timers = new DueQueue()): SessionContext => ({
  http,
  recorder,
  measured: true,
  timeoutMs: 1000,
  signal: new AbortController().signal,
  cookies: undefined,
  timers,
  firstSentMs: undefined,
});

describe('runLogicalSession', () => {
  it('never sends a request before its intended time, even when Node fires a think-time timer early', async () => {
    const sends: Array<{ intendedMs: number; sentMs: number }> = [];
    const model = probeModel(sends);
    const recorder = new CellRecorder();
    const timers = new DueQueue();
    const runs: Array<Promise<unknown>> = [];
    // Sessions started a few µs apart: Node files plain timers by whole milliseconds of its loop clock,
    // so think times begun within one millisecond run together, many of them before done + think.
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      while (performance.now() - t < 0.013);
      runs.push(runLogicalSession(model, logical(5, 2), context(undefined as never, recorder, timers), performance.now()));
      await Promise.resolve();
    }
    await Promise.all(runs);
    expect(sends).toHaveLength(500);
    expect(sends.filter((s) => s.sentMs < s.intendedMs)).toEqual([]);
  });

  it('times a stateless session\'s first call from when the session started, not from its late scheduled start', async () => {
    const recorder = new CellRecorder();
    // Scheduled 30 ms ago: the generator made the start 30 ms late (its own lag, reported elsewhere).
    const outcome = await runLogicalSession(new StatelessModel(), logical(1, 0), context(new FakeCluster(1, 'round-robin'), recorder), performance.now() - 30);
    expect(outcome).toEqual({ kind: 'ok' });
    const call = recorder.snapshot().steps.call!;
    expect(call.corrected!.count).toBe(1);
    expect(call.corrected!.maxUs).toBeLessThan(20_000);
  });

  it('times a legacy session\'s initialize and setup the same way: from when the session started', async () => {
    const recorder = new CellRecorder();
    const outcome = await runLogicalSession(new LegacyModel({ sseStream: true }), logical(1, 0), context(new FakeCluster(1, 'round-robin'), recorder), performance.now() - 30);
    expect(outcome).toEqual({ kind: 'ok' });
    const snap = recorder.snapshot();
    expect(snap.steps.initialize!.corrected!.maxUs).toBeLessThan(20_000);
    expect(snap.timings['session-setup']!.summary!.maxUs).toBeLessThan(20_000);
    expect(snap.steps.call!.corrected!.maxUs).toBeLessThan(20_000);
  });

  it('measures session latency from the first byte of the first request to the last call\'s answer', async () => {
    const recorder = new CellRecorder();
    // A slow DELETE (teardown, after the last call) and a late start: neither is part of the session's latency.
    const cluster = new FakeCluster(1, 'round-robin', 404, { DELETE: 40 });
    const before = performance.now();
    const outcome = await runLogicalSession(new LegacyModel({ sseStream: false }), logical(2, 5), context(cluster, recorder), before - 30);
    const total = performance.now() - before;
    expect(outcome).toEqual({ kind: 'ok' });
    const session = recorder.snapshot().timings.session!.summary!;
    expect(total).toBeGreaterThanOrEqual(50);
    // Two 5 ms think times and four instant answers: at least 10 ms; the 40 ms DELETE and the 30 ms late start are
    // outside it, so it ends at least 40 ms before the whole call did (however busy the machine is).
    expect(session.maxUs).toBeGreaterThanOrEqual(10_000);
    expect(session.maxUs / 1000).toBeLessThan(total - 40 + 1);
  });
});
