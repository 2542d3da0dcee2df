import { describe, expect, it } from 'vitest';
import type { SizeResult } from '../results/size-result-types.js';
import { scalingFits } from '../sizing/scaling-fits.js';
import { found, makeCell, makeStep } from '../sizing/testing/size-fixtures.js';
import { plainStyle } from './format.js';
import { fmtRate, renderFitTable, renderReplicasNeededTable, renderSizeTable, sizeFootnotes } from './size-table.js';

const throttled = {
  ...makeCell('stateless', 'round-robin', 1, found(113)),
  steps: [
    makeStep({ index: 0, ratePerSec: 113, sloMet: true, durationMs: 8000, throttling: { periods: 80, throttledPeriods: 8, throttledShare: 0.1, throttledMs: 30, perReplica: [] } }),
    makeStep({ index: 1, ratePerSec: 118.65, sloMet: false, throttling: { periods: 80, throttledPeriods: 40, throttledShare: 0.5, throttledMs: 300, perReplica: [] } }),
  ],
  boundary: { stepIndex: 1, limitedBy: 'replicas' as const, limiterReason: 'throttled', throttlingBound: true },
  atCapacity: { stepIndex: 0, p99Us: 61_500, throttledShare: 0.1, replicaCoresMean: 0.19 },
};
const cells = [throttled, makeCell('stateless', 'round-robin', 2, found(220)), makeCell('stateless', 'round-robin', 3, { status: 'invalid', capacityPerSec: undefined, lowerBoundPerSec: 300, upperBoundPerSec: 315, limitedBy: 'box', reason: 'box' })];
const result = { cells, fits: scalingFits(cells, 500), settings: { targetPerSec: 500, cpuCap: { coresPerReplica: 0.25, periodUs: 100_000 } } } as unknown as SizeResult;

describe('size tables', () => {
  it('per cell: capacity with the rate that broke, a throttling-bound p99 said as such, invalid searches marked', () => {
    const text = renderSizeTable(result, plainStyle);
    expect(text).toMatch(/│ stateless round-robin │ 1\s+│ 113\s+│ replicas:\s+│ 61\.5\s+│ 10% \/ 50%\s+│ 0\.19 \/ 0\.25/);
    expect(text).toContain('throttled p99');
    expect(text).toMatch(/│ 3\s+│ invalid/);
    expect(sizeFootnotes(result)[0]).toMatch(/^throttled p99: stateless\.round-robin\.r1 broke the SLO through CFS throttling/);
  });

  it('the fit and the replicas needed for the target', () => {
    expect(renderFitTable(result)).toMatch(/stateless\.round-robin │ 1: 113, 2: 220/);
    expect(renderReplicasNeededTable(result)).toMatch(/│ stateless\.round-robin │ 5\s+│/);
  });

  it('rates read as people write them', () => {
    expect([fmtRate(1234.4), fmtRate(12.345), fmtRate(undefined), fmtRate(Number.POSITIVE_INFINITY)]).toEqual(['1234', '12.3', '—', '∞']);
  });
});

describe('bounds of a search without an answer', () => {
  it('says plainly when noise left a failing rate below a passing one', async () => {
    const { boundsText } = await import('./size-table.js');
    expect(boundsText(20, 24.2)).toBe('20.0–24.2');
    expect(boundsText(34.9, 20)).toBe('held 34.9, broke 20.0');
  });
});
