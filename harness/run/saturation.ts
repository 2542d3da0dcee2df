import type { ThreadHealth } from './thread-health.js';

/** Thresholds past which the generator, not the system under test, limits what was measured. */
export const SATURATION = {
  eventLoopP99Ms: 10,
  threadCpuPctOfOneCore: 90,
  attemptedRateRatio: 0.95,
} as const;

/** Why a cell's numbers may describe the generator rather than the servers; empty when healthy. */
export function saturationReasons(threads: readonly ThreadHealth[], attemptedRatio: number | undefined): string[] {
  const reasons: string[] = [];
  threads.forEach((t, i) => {
    const who = threads.length > 1 ? `generator thread ${i}` : 'generator';
    if (t.eventLoopDelay.p99Ms > SATURATION.eventLoopP99Ms) reasons.push(`${who} event-loop delay p99 ${t.eventLoopDelay.p99Ms} ms > ${SATURATION.eventLoopP99Ms} ms`);
    if (t.threadCpuPctOfOneCore !== undefined && t.threadCpuPctOfOneCore > SATURATION.threadCpuPctOfOneCore)
      reasons.push(`${who} CPU ${t.threadCpuPctOfOneCore.toFixed(0)}% of a core > ${SATURATION.threadCpuPctOfOneCore}%`);
  });
  if (attemptedRatio !== undefined && attemptedRatio < SATURATION.attemptedRateRatio)
    reasons.push(`kept ${(attemptedRatio * 100).toFixed(1)}% of the scheduled rate < ${SATURATION.attemptedRateRatio * 100}%`);
  return reasons;
}
