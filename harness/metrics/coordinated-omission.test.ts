import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellRecorder } from './cell-recorder.js';

/**
 * A stalled server seen by one connection of an open-model generator (wrk2's situation): request i is
 * due at i·period; it can only go out when the previous one has come back; during the stall nothing
 * comes back. The corrected latency (from the due time) must show the stall in its tail; the
 * uncorrected one (from the actual send) only sees the single request that was in flight.
 */
function simulate(periodMs: number, serviceMs: number, stallAtMs: number, stallMs: number, durationMs: number): CellRecorder {
  const recorder = new CellRecorder();
  let freeAt = 0;
  for (let i = 0; i * periodMs < durationMs; i++) {
    const due = i * periodMs;
    const sent = Math.max(due, freeAt);
    const stalled = sent < stallAtMs + stallMs && sent + serviceMs > stallAtMs;
    const done = stalled ? stallAtMs + stallMs + serviceMs : sent + serviceMs;
    freeAt = done;
    recorder.request({ step: 'call', method: 'tools/call', replicaId: 'r1', status: 200, ok: true, failure: undefined, intendedMs: due, sentMs: sent, doneMs: done }, true);
  }
  return recorder;
}

describe('coordinated omission', () => {
  it('the corrected histogram of a stalled server shows the stall in its tail; the uncorrected one does not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20 }), // period ms
        fc.integer({ min: 300, max: 2000 }), // stall ms (≥ 3 % of the run: more than the 1 % a p99 ignores)
        fc.integer({ min: 1000, max: 6000 }), // stall start ms
        (periodMs, stallMs, stallAtMs) => {
          const call = simulate(periodMs, 0.2, stallAtMs, stallMs, 10_000).snapshot().steps.call!;
          expect(call.corrected!.maxUs).toBeGreaterThanOrEqual(stallMs * 1000 * 0.9);
          expect(call.corrected!.p99Us).toBeGreaterThanOrEqual((stallMs / 2) * 1000 * 0.99);
          expect(call.uncorrected!.p99Us).toBeLessThan((stallMs / 2) * 1000);
          // And without a stall the two agree: nothing to correct.
          const calm = simulate(periodMs, 0.2, 1e9, 0, 10_000).snapshot().steps.call!;
          expect(calm.corrected!.p99Us).toBe(calm.uncorrected!.p99Us);
        },
      ),
      { numRuns: 60 },
    );
  });
});
