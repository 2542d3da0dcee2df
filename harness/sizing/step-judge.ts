import { SATURATION } from '../run/saturation.js';
import type { Limiter } from './capacity-search.js';

/** What a step measured about the resources that could have held it back. */
export interface StepSignals {
  readonly sloMet: boolean;
  /** The step broke the SLO on its call p99 alone (no error, failed-session or call-count breach). */
  readonly latencyOnly: boolean;
  /** Observed call p99 − the limit, µs, when the p99 broke it. */
  readonly p99OverLimitUs: number | undefined;
  /** The generator's own delay: the larger of its event-loop delay p99 and its start-lag p99, ms. */
  readonly generatorLagMs: number;
  /** The busiest generating thread's CPU, in cores (undefined where unreadable). */
  readonly generatorThreadCores: number | undefined;
  /** The CPU cap of each replica, cores. */
  readonly capCores: number;
  /** Each replica's mean CPU over the measured window, cores (undefined where unreadable). */
  readonly replicaCores: readonly (number | undefined)[];
  /** Share of CFS periods in which the replicas' quota ran out, over all replicas; undefined where unreadable. */
  readonly throttledShare: number | undefined;
  readonly balancerCores: number | undefined;
  /** Busy share of the whole machine (every core, other work included). */
  readonly machineBusyFraction: number | undefined;
  readonly machineCores: number | undefined;
}

/**
 * Where each verdict starts. A replica "at its cap" uses 85 % of it on average (CFS hands out the
 * quota in slices, and a step's mean includes its quieter moments); throttling in a fifth of the
 * periods means the quota is what the replica waits for, whatever its mean. One balancer process or
 * thread saturates at one core; a machine 90 % busy leaves the step's processes queueing for a CPU.
 * The generator's own limits are the run's (run/saturation.ts).
 */
export const STEP_LIMITS = {
  replicaCapShare: 0.85,
  throttledShare: 0.2,
  balancerCores: 0.9,
  machineBusyFraction: 0.9,
  generatorThreadCores: SATURATION.threadCpuPctOfOneCore / 100,
} as const;

export interface StepVerdict {
  readonly limitedBy: Limiter | undefined;
  readonly reason: string;
  /** Limited by the replicas' quota running out within periods while their mean CPU stayed below the cap. */
  readonly throttlingBound: boolean;
}

const cores = (v: number): string => v.toFixed(2);
const pct = (v: number): string => `${(v * 100).toFixed(0)}%`;
const ms = (us: number): string => (us / 1000).toFixed(1);

/**
 * What limited a step.
 * - The generator, for any step, met or not, when its thread was at a full core: the load measured
 *   is not the load asked for. (A generator that only starts late, waiting for a CPU, makes every
 *   start in the end: its lag is judged with the latency below. `run`'s "kept 95 % of the schedule"
 *   is not used here: over a one-second step a single late start moves it by several per cent.)
 * - A broken SLO goes to the replicas when one of them ran at its cap: that is the ceiling being
 *   measured (if a slow generator added to the p99 there, the answer errs low by at most the 15 %
 *   the replica was short of its quota).
 * - Otherwise, a step that broke the SLO on its p99 by less than the generator's own lag (its thread
 *   not busy, so it waited for a CPU) might have met it on a quieter machine: the box.
 * - Otherwise the first of: replicas throttled, the balancer at a full core, the machine near all its
 *   cores; else nothing saturated (latency or errors with CPU to spare).
 * Only `replicas` and `balancer` make a capacity: `generator` and `box` are this machine's ceiling.
 */
export function judgeStep(s: StepSignals, limits: typeof STEP_LIMITS = STEP_LIMITS): StepVerdict {
  const generatorBusy = s.generatorThreadCores !== undefined && s.generatorThreadCores > limits.generatorThreadCores;
  if (generatorBusy) return { limitedBy: 'generator', reason: `generator thread at ${cores(s.generatorThreadCores!)} of a core`, throttlingBound: false };
  if (s.sloMet) return { limitedBy: undefined, reason: 'SLO met', throttlingBound: false };
  const known = s.replicaCores.filter((c): c is number => c !== undefined);
  const busiest = known.length > 0 ? Math.max(...known) : undefined;
  const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
  if (busiest !== undefined && busiest >= limits.replicaCapShare * s.capCores) {
    const which = s.replicaCores.indexOf(busiest) + 1;
    return { limitedBy: 'replicas', reason: `replica r${which} at its cap: ${cores(busiest)} of ${cores(s.capCores)} cores`, throttlingBound: false };
  }
  if (s.latencyOnly && s.p99OverLimitUs !== undefined && s.p99OverLimitUs <= s.generatorLagMs * 1000) {
    const busy = s.machineBusyFraction === undefined ? '' : ` (machine ${pct(s.machineBusyFraction)} busy)`;
    return { limitedBy: 'box', reason: `p99 over the limit by ${ms(s.p99OverLimitUs)} ms, within the generator's own ${s.generatorLagMs.toFixed(1)} ms lag: it waited for a CPU${busy}`, throttlingBound: false };
  }
  if (s.throttledShare !== undefined && s.throttledShare >= limits.throttledShare) {
    const use = mean === undefined ? '' : ` while using ${cores(mean)} of ${cores(s.capCores)} cores on average`;
    return { limitedBy: 'replicas', reason: `replicas throttled in ${pct(s.throttledShare)} of CFS periods${use}: the quota runs out within periods`, throttlingBound: true };
  }
  if (s.balancerCores !== undefined && s.balancerCores >= limits.balancerCores) {
    return { limitedBy: 'balancer', reason: `balancer at ${cores(s.balancerCores)} cores (one process saturates at 1)`, throttlingBound: false };
  }
  if (s.machineBusyFraction !== undefined && s.machineBusyFraction >= limits.machineBusyFraction) {
    const of = s.machineCores === undefined ? '' : ` of ${s.machineCores} cores`;
    const replicas = mean === undefined ? '' : `, replicas at ${cores(mean)} of ${cores(s.capCores)} cores`;
    return { limitedBy: 'box', reason: `machine ${pct(s.machineBusyFraction)} busy${of}${replicas}: the processes queued for a CPU`, throttlingBound: false };
  }
  const seen = [
    mean === undefined ? undefined : `replicas ${cores(mean)} of ${cores(s.capCores)} cores`,
    s.throttledShare === undefined ? undefined : `throttled ${pct(s.throttledShare)}`,
    s.balancerCores === undefined ? undefined : `balancer ${cores(s.balancerCores)} cores`,
    s.machineBusyFraction === undefined ? undefined : `machine ${pct(s.machineBusyFraction)} busy`,
  ].filter((x) => x !== undefined);
  return { limitedBy: undefined, reason: `nothing saturated (${seen.join(', ') || 'no CPU figures'})`, throttlingBound: false };
}
