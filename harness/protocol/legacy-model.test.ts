import { describe, expect, it } from 'vitest';
import { DueQueue } from '../load/due-queue.js';
import { CellRecorder } from '../metrics/cell-recorder.js';
import type { LogicalSession } from '../workload/logical-session.js';
import { LegacyModel } from './legacy-model.js';
import { runLogicalSession } from './run-logical-session.js';
import { FakeCluster } from './testing/fake-cluster.js';

const session = (calls: number): LogicalSession => ({
  index: 0,
  thinkTimesMs: Array.from({ length: calls }, () => 0),
  jitter: () => 1,
  operations: Array.from({ length: calls }, () => ({ kind: 'call-tool' as const, tool: 'echo', arguments: { text: 'x' } })),
});

async function runMany(cluster: FakeCluster, n: number, calls: number, sseStream = true): Promise<CellRecorder> {
  const recorder = new CellRecorder();
  const model = new LegacyModel({ sseStream });
  const signal = new AbortController().signal;
  for (let i = 0; i < n; i++) {
    const outcome = await runLogicalSession(model, session(calls), { http: cluster, recorder, measured: true, timeoutMs: 1000, signal, cookies: undefined, timers: new DueQueue(), firstSentMs: undefined }, performance.now());
    recorder.sessionFinished(outcome, true);
  }
  return recorder;
}

describe('LegacyModel', () => {
  it('runs initialize → initialized → GET → K calls → DELETE on one replica without losses', async () => {
    const cluster = new FakeCluster(1, 'round-robin');
    const snap = (await runMany(cluster, 1, 3)).snapshot();
    expect(cluster.log.map((l) => l.method)).toEqual(['initialize', 'notifications/initialized', 'GET', 'tools/call', 'tools/call', 'tools/call', 'DELETE']);
    expect(snap.sessions).toMatchObject({ started: 1, ok: 1, recovered: 0, failed: 0, sessionLostEvents: 0 });
    expect(cluster.sessions[0]?.size).toBe(0);
  });

  it('sticky routing gives zero 404s', async () => {
    const snap = (await runMany(new FakeCluster(3, 'sticky'), 30, 5)).snapshot();
    expect(snap.http404.count).toBe(0);
    expect(snap.sessions.ok).toBe(30);
  });

  it('on a 404 drops the session, re-initializes without the id, and retries once', async () => {
    // Two replicas, strict alternation: initialize on r1, initialized on r2 → 404 → re-init on r1, ...
    const cluster = new FakeCluster(2, 'round-robin');
    const recorder = await runMany(cluster, 1, 1, false);
    const snap = recorder.snapshot();
    expect(cluster.log.slice(0, 3)).toEqual([
      { replica: 0, method: 'initialize', status: 200 },
      { replica: 1, method: 'notifications/initialized', status: 404 },
      { replica: 0, method: 'initialize', status: 200 },
    ]);
    expect(snap.sessions.sessionLostEvents).toBeGreaterThanOrEqual(1);
    expect(snap.sessions.lostSignals).toEqual({ '404/-32001': snap.sessions.sessionLostEvents });
    // The re-initialize (counted: it minted a new session) also lands on the wrong replica for its
    // notification: the session gives up.
    expect(snap.sessions.reinitialized).toBe(1);
    expect(snap.sessions.recovered).toBe(0);
    expect(snap.sessions.failed).toBe(1);
    expect(snap.sessions.failedByReason).toEqual({ 'session-lost': 1 });
  });

  it('strict round-robin with one client at a time loses every session the same way', async () => {
    const snap = (await runMany(new FakeCluster(3, 'round-robin'), 30, 5)).snapshot();
    expect(snap.http404.count).toBe(snap.http404.postInitializeRequests);
    expect(snap.sessions.failed).toBe(30);
  });

  it('interleaved clients behind round-robin see 404s on about two thirds of post-initialize requests', async () => {
    const snap = (await runMany(new FakeCluster(3, 'random'), 300, 5)).snapshot();
    const share = snap.http404.count / snap.http404.postInitializeRequests;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.75);
    expect(snap.sessions.ok).toBeLessThan(snap.sessions.started * 0.1);
  });

  it('a 400 for an unknown session is not a spec signal: the session fails instead of re-initializing', async () => {
    const snap = (await runMany(new FakeCluster(2, 'round-robin', 400), 1, 1, false)).snapshot();
    expect(snap.sessions.reinitialized).toBe(0);
    expect(snap.sessions.failedByReason).toEqual({ 'http-error': 1 });
  });
});
