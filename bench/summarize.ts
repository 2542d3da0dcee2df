import type { GeneratorRun } from './generators.js';

export interface Summary {
  readonly generator: GeneratorRun['generator'];
  readonly runs: number;
  /** Steady window: requests the target served per second, the generator's CPU (cores), and their ratio. */
  readonly reqPerSec: number;
  readonly cpuCores: number;
  readonly reqPerCpuS: number;
  /** Whole process, start-up included: requests it reported per CPU-second /usr/bin/time measured. */
  readonly wholeReqPerCpuS: number;
  readonly wholeCpuS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly uncorrectedP50Ms: number | undefined;
  readonly startLagP50Ms: number | undefined;
  readonly errors: number;
  readonly saturatedRuns: number;
}

export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

/** Medians over repetitions, each metric on its own (a median run does not exist for every metric at once). */
export function summarize(runs: readonly GeneratorRun[]): Summary {
  const first = runs[0];
  if (!first) throw new Error('no runs');
  const unc = runs.map((r) => r.uncorrectedP50Ms).filter((x): x is number => x !== undefined);
  const lag = runs.map((r) => r.startLagP50Ms).filter((x): x is number => x !== undefined);
  const steady = (f: (s: NonNullable<GeneratorRun['steady']>) => number): number => median(runs.map((r) => (r.steady ? f(r.steady) : NaN)));
  return {
    generator: first.generator,
    runs: runs.length,
    reqPerSec: steady((s) => s.requests / s.seconds),
    cpuCores: steady((s) => s.cpuS / s.seconds),
    reqPerCpuS: steady((s) => s.requests / s.cpuS),
    wholeReqPerCpuS: median(runs.map((r) => r.requests / r.cpuS)),
    wholeCpuS: median(runs.map((r) => r.cpuS)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    uncorrectedP50Ms: unc.length ? median(unc) : undefined,
    startLagP50Ms: lag.length ? median(lag) : undefined,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    saturatedRuns: runs.filter((r) => r.saturated).length,
  };
}
