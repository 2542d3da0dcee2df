import { describe, expect, it } from 'vitest';
import { CellRecorder, type RequestSample } from './cell-recorder.js';
import { addFailureClasses, failureClassOf } from './failure-classes.js';
import { mergeIntervals, toPoints } from './interval-series.js';

const failed = (status: number, failure: string): RequestSample => ({ step: 'call', method: 'tools/call', replicaId: undefined, status, ok: false, failure, intendedMs: 0, sentMs: 0, doneMs: 1 });

describe('failure classes', () => {
  it('classifies by status and transport error class', () => {
    expect(failureClassOf(404, 'http-404')).toBe('404');
    expect(failureClassOf(502, 'http-502')).toBe('5xx');
    expect(failureClassOf(503, 'http-503')).toBe('5xx');
    expect(failureClassOf(0, 'timeout')).toBe('timeout');
    expect(failureClassOf(0, 'connection-reset')).toBe('reset');
    expect(failureClassOf(0, 'connection-refused')).toBe('reset');
    expect(failureClassOf(0, 'socket')).toBe('reset');
    expect(failureClassOf(200, 'jsonrpc-32603')).toBe('other');
    expect(failureClassOf(400, 'http-400')).toBe('other');
  });

  it('adds class counts and keeps absent classes absent', () => {
    expect(addFailureClasses({ '404': 2 }, { '404': 1, reset: 3 })).toEqual({ '404': 3, reset: 3 });
    expect(addFailureClasses(undefined, undefined)).toBeUndefined();
  });

  it('counts each second’s failures by class and recovered sessions, then resets them', () => {
    const r = new CellRecorder();
    r.request(failed(404, 'http-404'), true);
    r.request(failed(0, 'connection-reset'), false);
    r.request(failed(502, 'http-502'), true);
    r.sessionFinished({ kind: 'recovered' }, true);
    const first = r.rollInterval(0, 1000);
    expect(first.failedByClass).toEqual({ '404': 1, reset: 1, '5xx': 1 });
    expect(first.sessionsRecovered).toBe(1);
    const second = r.rollInterval(1, 1000);
    expect(second.failedByClass).toBeUndefined();
    expect(second.sessionsRecovered).toBeUndefined();
  });

  it('merges threads’ classes per second and carries them into the points', () => {
    const a = { second: 3, durationMs: 1000, dropped: 0, requests: 2, failed: 2, http404: 1, sessionsStarted: 0, sessionsFailed: 0, latencyHdr: {}, failedByClass: { '404': 1, timeout: 1 } };
    const b = { second: 3, durationMs: 1000, dropped: 0, requests: 1, failed: 1, http404: 0, sessionsStarted: 0, sessionsFailed: 0, latencyHdr: {}, failedByClass: { timeout: 1 }, sessionsRecovered: 2 };
    const [merged] = mergeIntervals([[a], [b]]);
    expect(merged?.failedByClass).toEqual({ '404': 1, timeout: 2 });
    expect(merged?.sessionsRecovered).toBe(2);
    const [point] = toPoints([merged!], 0, 10_000);
    expect(point?.failedByClass).toEqual({ '404': 1, timeout: 2 });
    expect(point?.sessionsRecovered).toBe(2);
  });
});
