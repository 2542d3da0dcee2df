import { describe, expect, it } from 'vitest';
import type { CellResult } from '../results/result-types.js';
import { sessionLossNote } from './console-table.js';

type Sessions = NonNullable<CellResult['metrics']>['sessions'];
const cell = (sessions: Partial<Sessions>): Pick<CellResult, 'id' | 'metrics'> => ({
  id: 'legacy.round-robin.r3',
  metrics: {
    sessions: { started: 200, ok: 0, recovered: 0, failed: 0, failedByReason: {}, sessionLostEvents: 0, reinitialized: 0, lostSignals: {}, ...sessions },
  } as unknown as CellResult['metrics'],
});

describe('sessionLossNote', () => {
  it('says nothing for a cell that lost no session', () => {
    expect(sessionLossNote(cell({ ok: 200 }))).toBeUndefined();
  });

  it('counts the loss events, the re-initializations and how the sessions ended', () => {
    const note = sessionLossNote(cell({ failed: 200, failedByReason: { 'session-lost': 200 }, sessionLostEvents: 400, reinitialized: 200, lostSignals: { '404/-32001': 400 } }));
    expect(note).toBe('legacy.round-robin.r3: 400 lost-session signals (404/-32001: 400), 200 re-initializations; 0 sessions recovered, 200 gave up after losing the session again');
  });
});
