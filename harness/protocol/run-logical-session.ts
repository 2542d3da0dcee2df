import type { SessionFailureReason, SessionOutcome } from '../metrics/steps.js';
import type { LogicalSession } from '../workload/logical-session.js';
import type { ProtocolModel, SessionContext } from './protocol-model.js';

/**
 * One logical session end to end: open, every operation (think time between them), close. Each
 * request's intended time is when the previous one ended (plus think time), so a stalled response
 * shows in the latency of what follows, not only in what stalled; a request never goes out before it.
 *
 * The session's first request is intended when the session actually started, for both models alike
 * (legacy: initialize; stateless: the first call): how late the generator made the start is its own
 * lag, reported as load.startLag and judged by the saturation verdict, not folded into one model's
 * first call and the other's setup. Session latency runs from the first byte of the first request to
 * the last operation's answer (a legacy DELETE after it is teardown).
 */
export async function runLogicalSession(model: ProtocolModel, logical: LogicalSession, ctx: SessionContext, intendedStartMs: number): Promise<SessionOutcome> {
  const startMs = Math.max(intendedStartMs, performance.now());
  ctx.firstSentMs = undefined;
  const opened = await model.open(ctx, startMs);
  if (!opened.ok) return { kind: 'failed', reason: opened.reason };
  const { session } = opened;
  if (model.hasHandshake) ctx.recorder.timing('session-setup', opened.doneMs - startMs, ctx.measured);
  let cursorMs = opened.doneMs;
  let firstFailure: SessionFailureReason | undefined;
  for (let i = 0; i < logical.operations.length; i++) {
    const op = logical.operations[i] as (typeof logical.operations)[number];
    const thinkMs = logical.thinkTimesMs[i] ?? 0;
    if (thinkMs > 0) {
      cursorMs += thinkMs;
      await ctx.timers.until(cursorMs);
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
  const lastAnswerMs = cursorMs;
  await session.close(cursorMs);
  if (firstFailure !== undefined) return { kind: 'failed', reason: firstFailure };
  if (ctx.firstSentMs !== undefined) ctx.recorder.timing('session', lastAnswerMs - ctx.firstSentMs, ctx.measured);
  return session.recovered ? { kind: 'recovered' } : { kind: 'ok' };
}
