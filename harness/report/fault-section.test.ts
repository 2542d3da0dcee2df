import { describe, expect, it } from 'vitest';
import type { CellResult } from '../results/result-types.js';
import { faultTable } from './fault-section.js';

const cell = (faults: CellResult['faults']): CellResult => ({ id: 'legacy.sticky-session-id.r3', faults } as unknown as CellResult);

describe('faultTable', () => {
  it('shows what each fault cost, and "—" where nothing was measured', () => {
    const t = faultTable([
      cell([
        {
          kind: 'rolling-restart',
          target: 'r1,r2,r3',
          plannedAtMs: 20_000,
          startedAtMs: 20_004,
          recoveredAtMs: 31_500,
          recoveryMs: 12_996,
          sessionsOnTarget: 97,
          sessionsOpen: 101,
          impact: { window: { fromSecond: 20, toSecond: 33 }, baselineFailedPerSec: 0, failedRequests: 120, failedByClass: { '404': 97, '5xx': 23 }, sessionsFailed: 4, sessionsRecovered: 90, failedPerSecond: [], p99Us: { before: 5_400, during: 812_000, after: 6_100 } },
          error: undefined,
        },
        { kind: 'balancer-reload', plannedAtMs: 5_000, startedAtMs: 5_001, recoveredAtMs: undefined, error: 'balancer builtin has no runtime control' },
      ]),
    ]);
    const col = (row: number, name: string): string | undefined => t.rows[row]?.[t.head.indexOf(name)];
    expect(col(0, 'fault')).toBe('rolling-restart r1,r2,r3');
    expect(col(0, 'recovery s')).toBe('13.0');
    expect(col(0, 'sessions on target / open')).toBe('97 / 101');
    expect(col(0, '404')).toBe('97');
    expect(col(0, 'timeout')).toBe('0');
    expect(col(0, 'p99 ms before / during / after')).toBe('5.4 / 812 / 6.1');
    expect(col(1, 'failed requests')).toBe('—');
    expect(col(1, '404')).toBe('—');
  });
});
