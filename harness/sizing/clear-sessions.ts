import { HarnessError } from '../errors/harness-error.js';
import type { StartedTopology } from '../platform/platform.js';
import { waitFor } from '../proc/wait-for.js';

export interface Isolation {
  /** Sessions the replicas still held when the wait ended (before any restart). */
  readonly sessionsLeft: number;
  readonly waitedMs: number;
  /** The replicas were restarted because sessions remained. */
  readonly restarted: boolean;
}

/** How `size` keeps one step's sessions out of the next; printed with the results. */
export const STEP_ISOLATION =
  'one topology per cell, kept across its steps; before each step the replicas must hold no session (the client DELETEs its legacy sessions; abandoned ones are waited for up to sizing.settleTimeout), otherwise the replicas are restarted (same cgroup, cap and port)';

async function activeSessions(topology: StartedTopology): Promise<number> {
  const stats = await Promise.all(topology.replicas.map((r) => r.stats()));
  return stats.reduce((n, s) => n + (s.sessions?.active ?? 0), 0);
}

/**
 * Before a step: waits until no replica holds a session (legacy sessions of the previous step are
 * DELETEd by the client as they end; a session that failed half-way is abandoned and would linger
 * until the replica's idle timeout). Sessions still held after `timeoutMs` are cleared by restarting
 * the replicas, so the next step never carries the previous one's state or memory.
 */
export async function clearSessions(topology: StartedTopology, timeoutMs: number, signal: AbortSignal): Promise<Isolation> {
  const t0 = performance.now();
  let left = await activeSessions(topology);
  if (left > 0 && timeoutMs > 0) {
    await waitFor(async () => ((left = await activeSessions(topology)) === 0 ? true : undefined), { timeoutMs, intervalMs: 50, what: 'the replicas to close the previous step’s sessions', signal }).catch(() => undefined);
  }
  signal.throwIfAborted();
  const waitedMs = performance.now() - t0;
  if (left === 0) return { sessionsLeft: 0, waitedMs, restarted: false };
  const cannot = topology.replicas.find((r) => !r.restart);
  if (cannot) {
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', `replica ${cannot.id} still holds sessions after ${Math.round(waitedMs)} ms and cannot be restarted on platform ${topology.platform}`, {
      hint: 'raise sizing.settleTimeout, or lower servers.legacy.sessionIdleTimeout so abandoned sessions expire between steps',
    });
  }
  await Promise.all(topology.replicas.map((r) => r.restart!(1000, signal)));
  return { sessionsLeft: left, waitedMs, restarted: true };
}
