import { describe, expect, it } from 'vitest';
import { CellRecorder, NO_ANSWER, NO_REPLICA, type RequestSample } from './cell-recorder.js';

const sample = (over: Partial<RequestSample>): RequestSample => ({
  step: 'call',
  method: 'tools/call',
  replicaId: 'r1',
  status: 200,
  ok: true,
  failure: undefined,
  intendedMs: 100,
  sentMs: 110,
  doneMs: 112,
  ...over,
});

describe('CellRecorder', () => {
  it('times successful requests from the intended and from the actual send time', () => {
    const r = new CellRecorder();
    r.request(sample({}), true);
    const call = r.snapshot().steps.call;
    // HDR reports the highest value equivalent to the recorded one (3 significant digits).
    expect(Math.abs((call?.corrected?.p50Us ?? 0) - 12_000)).toBeLessThanOrEqual(12);
    expect(Math.abs((call?.uncorrected?.p50Us ?? 0) - 2_000)).toBeLessThanOrEqual(2);
  });

  it('times failures apart from successes, and counts 404s among post-initialize requests', () => {
    const r = new CellRecorder();
    r.request(sample({ step: 'initialize', method: 'initialize' }), true);
    r.request(sample({ status: 404, ok: false, failure: 'http-404', replicaId: 'r2' }), true);
    const s = r.snapshot();
    expect(s.steps.call?.corrected).toBeUndefined();
    // A failure is timed from its intended time, in its own histogram: it cannot flatter the successes' percentiles.
    expect(s.steps.call?.failed?.count).toBe(1);
    expect(Math.abs((s.steps.call?.failed?.p50Us ?? 0) - 12_000)).toBeLessThanOrEqual(12);
    expect(s.steps.initialize?.failed).toBeUndefined();
    expect(s.steps.call?.failures).toEqual({ 'http-404': 1 });
    expect(s.http404).toEqual({ count: 1, postInitializeRequests: 1 });
    expect(s.measuredFailedRequests).toBe(1);
  });

  it('keeps warm-up samples out of the metrics but in the reconciliation counts', () => {
    const r = new CellRecorder();
    r.request(sample({}), false);
    r.sessionFinished({ kind: 'ok' }, false);
    const s = r.snapshot();
    expect(s.measuredRequests).toBe(0);
    expect(s.sessions.started).toBe(0);
    expect(s.allRequests).toEqual({ r1: { 'tools/call': { '200': 1 } } });
  });

  it('files answers without a replica header and requests without an answer separately', () => {
    const r = new CellRecorder();
    r.request(sample({ replicaId: undefined, status: 503, ok: false, failure: 'http-503' }), true);
    r.request(sample({ replicaId: undefined, status: 0, ok: false, failure: 'timeout' }), true);
    expect(r.snapshot().allRequests).toEqual({ [NO_REPLICA]: { 'tools/call': { '503': 1 } }, [NO_ANSWER]: { 'tools/call': { 'error:timeout': 1 } } });
  });

  it('times a timed-out request at its timeout, so rising timeouts show in the failure latency', () => {
    const r = new CellRecorder();
    for (let i = 0; i < 99; i++) r.request(sample({}), true);
    r.request(sample({ status: 0, ok: false, failure: 'timeout', doneMs: 100 + 5000 }), true);
    const call = r.snapshot().steps.call!;
    expect(call.corrected!.count).toBe(99);
    expect(call.failed!.maxUs).toBeGreaterThanOrEqual(4_990_000);
  });

  it('counts requests sent before their intended time (corrected below uncorrected): the invariant is reported', () => {
    const r = new CellRecorder();
    r.request(sample({}), true);
    r.request(sample({ intendedMs: 100, sentMs: 99.5, doneMs: 101 }), false);
    r.request(sample({ intendedMs: 100, sentMs: 99.9, doneMs: 101 }), true);
    expect(r.snapshot().earlySends).toBe(2);
  });

  it('counts dropped starts as offered, not delivered, in the totals and in the interval they fell due', () => {
    const r = new CellRecorder();
    r.dropped(false);
    r.dropped(true);
    r.dropped(true);
    expect(r.snapshot().offered).toEqual({ dropped: 3, droppedMeasured: 2 });
    expect(r.rollInterval(0, 1000).dropped).toBe(3);
    expect(r.rollInterval(1, 250).dropped).toBe(0);
  });

  it('counts the requests completed inside the measured window, whichever session they belong to', () => {
    const r = new CellRecorder({ startMs: 1000, endMs: 2000 });
    r.request(sample({ intendedMs: 900, sentMs: 900, doneMs: 999 }), false);
    r.request(sample({ intendedMs: 950, sentMs: 950, doneMs: 1001 }), false);
    r.request(sample({ intendedMs: 1500, sentMs: 1500, doneMs: 1999 }), true);
    r.request(sample({ intendedMs: 1990, sentMs: 1990, doneMs: 2005 }), true);
    const s = r.snapshot();
    expect(s.windowRequests).toBe(2);
    expect(s.measuredRequests).toBe(2);
  });

  it('labels the last interval with its real length', () => {
    const r = new CellRecorder();
    r.request(sample({}), true);
    expect(r.rollInterval(0, 1000).durationMs).toBe(1000);
    expect(r.rollInterval(1, 420).durationMs).toBe(420);
  });

  it('partitions sessions into ok, recovered and failed by reason', () => {
    const r = new CellRecorder();
    r.sessionFinished({ kind: 'ok' }, true);
    r.sessionFinished({ kind: 'recovered' }, true);
    r.sessionFinished({ kind: 'failed', reason: 'session-lost' }, true);
    r.sessionLost('404/-32001', true);
    r.reinitialized(true);
    expect(r.snapshot().sessions).toEqual({
      started: 3,
      ok: 1,
      recovered: 1,
      failed: 1,
      failedByReason: { 'session-lost': 1 },
      sessionLostEvents: 1,
      reinitialized: 1,
      lostSignals: { '404/-32001': 1 },
      aborted: 0,
    });
  });

  it('counts what the harness aborted (interrupt, drain deadline) apart: not a failure, not timed, kept for reconciliation', () => {
    const r = new CellRecorder();
    r.request(sample({ status: 0, ok: false, failure: 'aborted', replicaId: undefined }), true);
    r.sessionFinished({ kind: 'failed', reason: 'aborted' }, true);
    r.sessionFinished({ kind: 'failed', reason: 'timeout' }, true);
    const s = r.snapshot();
    expect([s.measuredRequests, s.measuredFailedRequests, s.abortedRequests]).toEqual([0, 0, 1]);
    expect(s.steps.call).toBeUndefined();
    expect(s.sessions).toMatchObject({ started: 2, failed: 1, aborted: 1, failedByReason: { timeout: 1 } });
    expect(s.allRequests[NO_ANSWER]).toEqual({ 'tools/call': { 'error:aborted': 1 } });
    expect(r.live.failedRequests).toBe(0);
  });
});
