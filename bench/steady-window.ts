import { setTimeout as sleep } from 'node:timers/promises';
import { processCpuNs } from './process-cpu.js';
import type { TimedCommand } from './time-command.js';

/**
 * A generator's cost in its steady state: CPU of its process (every thread, from schedstat) and the
 * requests the *target* served, both sampled at the same two instants after start-up — the same way
 * for every generator, whatever it reports itself.
 */
export interface SteadyWindow {
  readonly seconds: number;
  readonly cpuS: number;
  /** Requests the target counted between the two samples. */
  readonly requests: number;
}

/** Start-up (process start, module loading, JIT warm-up) left out before the window opens. */
export const LEAD_S = 2;
/** Load kept running after the window closes, so the window never sees a generator winding down. */
export const TAIL_S = 1;

export async function steadyWindow(cmd: TimedCommand, served: () => Promise<number>, startedAtMs: number, windowS: number): Promise<SteadyWindow | undefined> {
  await sleep(Math.max(0, startedAtMs + LEAD_S * 1000 - performance.now()));
  const pid = cmd.pid();
  if (pid === undefined) throw new Error('the generator process was not found (it ended before the window opened?)');
  const sample = async (): Promise<{ ns: number | undefined; n: number; ms: number }> => ({ ns: processCpuNs(pid), n: await served(), ms: performance.now() });
  const a = await sample();
  await sleep(Math.max(0, a.ms + windowS * 1000 - performance.now()));
  const b = await sample();
  if (a.ns === undefined || b.ns === undefined) throw new Error('the generator process ended inside the window');
  return { seconds: (b.ms - a.ms) / 1000, cpuS: (b.ns - a.ns) / 1e9, requests: b.n - a.n };
}
