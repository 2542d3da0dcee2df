import { describe, expect, it } from 'vitest';
import { encodeHistogram, newHistogram, recordUs } from '../metrics/histogram.js';
import { attributeEvent, attributeFaults, unplannedReport, type SeriesSecond } from './fault-attribution.js';
import { faultSummary } from './fault-summary.js';

const hdr = (us: number, n = 10): string => {
  const h = newHistogram();
  for (let i = 0; i < n; i++) recordUs(h, us);
  return encodeHistogram(h);
};

/** 20 s at 100 req/s; `failed[s]` failures in second s, latency 10 ms, 500 ms in seconds 10–11. */
function series(failed: Record<number, number>, classes: Record<number, SeriesSecond['failedByClass']> = {}): SeriesSecond[] {
  return Array.from({ length: 20 }, (_, second) => ({
    second,
    requests: 100,
    failed: failed[second] ?? 0,
    sessionsFailed: Math.floor((failed[second] ?? 0) / 2),
    latencyHdr: { call: hdr(second === 10 || second === 11 ? 500_000 : 10_000) },
    ...(classes[second] ? { failedByClass: classes[second] } : {}),
  }));
}

describe('attributeEvent', () => {
  it('charges the errors from the start to the first second after which the rate stays at its baseline', () => {
    const { impact, recoveryMs } = attributeEvent({ startedAtMs: 10_200, horizonMs: 20_000 }, series({ 10: 30, 11: 12, 12: 4 }, { 10: { reset: 10, '5xx': 20 }, 11: { '404': 12 }, 12: { '404': 4 } }));
    expect(impact.window).toEqual({ fromSecond: 10, toSecond: 13 });
    expect(recoveryMs).toBe(2_800);
    expect(impact.failedRequests).toBe(46);
    expect(impact.failedByClass).toEqual({ '404': 16, reset: 10, '5xx': 20 });
    expect(impact.sessionsFailed).toBe(15 + 6 + 2);
    expect(impact.p99Us.before).toBeLessThan(11_000);
    expect(impact.p99Us.during).toBeGreaterThan(400_000);
    expect(impact.p99Us.after).toBeLessThan(11_000);
  });

  it('subtracts the baseline and tolerates noise at its level', () => {
    const base: Record<number, number> = {};
    for (let s = 0; s < 20; s++) base[s] = 4;
    base[10] = 40;
    const { impact, recoveryMs } = attributeEvent({ startedAtMs: 10_000, horizonMs: 20_000 }, series(base));
    expect(impact.baselineFailedPerSec).toBe(4);
    expect(impact.failedRequests).toBe(36);
    expect(recoveryMs).toBe(1_000);
  });

  it('says "not recovered" when errors go on to the horizon', () => {
    const failing: Record<number, number> = {};
    for (let s = 10; s < 20; s++) failing[s] = 5;
    const { impact, recoveryMs } = attributeEvent({ startedAtMs: 10_000, horizonMs: 20_000 }, series(failing));
    expect(recoveryMs).toBeUndefined();
    expect(impact.window.toSecond).toBe(20);
    expect(impact.failedRequests).toBe(50);
  });

  it('takes latency "during" up to the second the target served again', () => {
    const { impact } = attributeEvent({ startedAtMs: 9_000, horizonMs: 20_000, servingAtMs: 11_500 }, series({}));
    expect(impact.window.toSecond).toBe(9);
    expect(impact.p99Us.during).toBeGreaterThan(400_000);
    expect(impact.p99Us.after).toBeLessThan(11_000);
  });

  it('charges nothing to an event the clients never noticed', () => {
    const { impact, recoveryMs } = attributeEvent({ startedAtMs: 5_500, horizonMs: 20_000 }, series({}));
    expect(recoveryMs).toBe(0);
    expect(impact.failedRequests).toBe(0);
  });
});

describe('attributeFaults', () => {
  it('stops charging a fault where the next one starts, and takes unplanned deaths the same way', () => {
    const planned = { kind: 'replica-crash' as const, target: 'r2', plannedAtMs: 5_000, startedAtMs: 5_000, recoveredAtMs: undefined, error: undefined };
    const [a, b] = attributeFaults([planned, unplannedReport('r3', 12_000)], series({ 5: 10, 6: 10, 12: 30 }), 20_000);
    expect(a?.impact?.failedRequests).toBe(20);
    // r3's baseline is the 10 s before it, r2's errors included (2/s)
    expect(b?.impact?.failedRequests).toBe(28);
    expect(b?.unplanned).toBe(true);
    expect(faultSummary(b!)).toMatch(/^unplanned exit of r3: .*28 failed requests/);
  });

  it('leaves a fault that never started without impact', () => {
    const [r] = attributeFaults([{ kind: 'balancer-reload', plannedAtMs: 3_000, startedAtMs: undefined, recoveredAtMs: undefined, error: 'run stopped' }], series({}), 20_000);
    expect(r?.impact).toBeUndefined();
    expect(faultSummary(r!)).toContain('run stopped');
  });
});
