import { describe, expect, it } from 'vitest';
import { checkSlo } from './slo.js';

const good = { callP99Us: 40_000, calls: 5000, requests: 9000, failedRequests: 3, sessions: 1000, failedSessions: 0 };
const slo = { callP99Us: 100_000, requestErrorRate: 0.001, failedSessionRate: 0.001 };

describe('checkSlo', () => {
  it('a step inside every limit meets the SLO', () => {
    expect(checkSlo(good, slo)).toEqual({ met: true, violations: [] });
  });

  it('each limit breaks on its own, and all breaches are listed', () => {
    expect(checkSlo({ ...good, callP99Us: 100_001 }, slo).violations.map((v) => v.figure)).toEqual(['callP99Us']);
    expect(checkSlo({ ...good, failedRequests: 10 }, slo).violations.map((v) => v.figure)).toEqual(['requestErrorRate']);
    expect(checkSlo({ ...good, failedSessions: 2 }, slo).violations.map((v) => v.figure)).toEqual(['failedSessionRate']);
    const all = checkSlo({ ...good, callP99Us: 200_000, failedRequests: 100, failedSessions: 50 }, slo);
    expect(all.met).toBe(false);
    expect(all.violations).toHaveLength(3);
    expect(all.violations[1]!.message).toBe('1.111 % of requests failed (limit 0.100 %)');
  });

  it('the limit itself is still met (≤, not <)', () => {
    expect(checkSlo({ ...good, callP99Us: 100_000, failedRequests: 9 }, slo).met).toBe(true);
  });

  it('a step with no completed calls or no requests does not pass', () => {
    const empty = { callP99Us: undefined, calls: 0, requests: 0, failedRequests: 0, sessions: 0, failedSessions: 0 };
    const r = checkSlo(empty, slo);
    expect(r.met).toBe(false);
    expect(r.violations.map((v) => v.figure)).toEqual(['calls', 'requestErrorRate', 'failedSessionRate']);
    expect(checkSlo({ ...good, calls: 50 }, { ...slo, minCalls: 100 }).violations[0]!.figure).toBe('calls');
  });

  it('only the limits that are set are judged', () => {
    expect(checkSlo({ ...good, callP99Us: 10_000_000 }, { requestErrorRate: 0.01 }).met).toBe(true);
  });

  it('rejects an SLO without limits or with a percentage where a fraction belongs', () => {
    expect(() => checkSlo(good, {})).toThrow(/sets no limit/);
    expect(() => checkSlo(good, { requestErrorRate: 5 })).toThrow(/slo\.requestErrorRate must be a fraction/);
  });
});
