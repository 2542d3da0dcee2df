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

  it('counts failures without timing them, and 404s among post-initialize requests', () => {
    const r = new CellRecorder();
    r.request(sample({ step: 'initialize', method: 'initialize' }), true);
    r.request(sample({ status: 404, ok: false, failure: 'http-404', replicaId: 'r2' }), true);
    const s = r.snapshot();
    expect(s.steps.call?.corrected).toBeUndefined();
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
    });
  });
});
