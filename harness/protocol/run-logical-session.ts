import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionFailureReason, SessionOutcome } from '../metrics/steps.js';
import type { LogicalSession } from '../workload/logical-session.js';
import type { ProtocolModel, SessionContext } from './protocol-model.js';

/**
 * One logical session end to end: open, every operation (think time between them), close. Each
 * request's intended time is when the previous one ended (plus think time), so a stalled response or
 * a late event loop shows up in the latency of what follows, not only in what stalled.
 */
export async function runLogicalSession(model: ProtocolModel, logical: LogicalSession, ctx: SessionContext, intendedStartMs: number): Promise<SessionOutcome> {
  const opened = await model.open(ctx, intendedStartMs);
  if (!opened.ok) return { kind: 'failed', reason: opened.reason };
  const { session } = opened;
  if (model.hasHandshake) ctx.recorder.timing('session-setup', opened.doneMs - intendedStartMs, ctx.measured);
  let cursorMs = opened.doneMs;
  let firstFailure: SessionFailureReason | undefined;
  for (let i = 0; i < logical.operations.length; i++) {
    const op = logical.operations[i] as (typeof logical.operations)[number];
    const thinkMs = logical.thinkTimesMs[i] ?? 0;
    if (thinkMs > 0) {
      await sleep(thinkMs, undefined, { signal: ctx.signal }).catch(() => undefined);
      cursorMs += thinkMs;
    }
    const r = await session.perform(op, cursorMs, logical.jitter);
    if (!r.ok) {
      firstFailure ??= r.reason;
      if (r.broken) {
        session.abandon();
        return { kind: 'failed', reason: r.reason };
      }
    }
    cursorMs = r.doneMs;
  }
  const doneMs = await session.close(cursorMs);
  if (firstFailure !== undefined) return { kind: 'failed', reason: firstFailure };
  ctx.recorder.timing('session', doneMs - intendedStartMs, ctx.measured);
  return session.recovered ? { kind: 'recovered' } : { kind: 'ok' };
}
