import { decodeHistogram, encodeHistogram, newHistogram, recordUs, summarize } from '../../metrics/histogram.js';
import type { IntervalPoint } from '../../metrics/interval-series.js';
import { fixtureCell, fixtureRun } from '../../report/testing/fixture-runs.js';
import type { FigureCell } from '../../results/cell-figures.js';
import type { CellResult, RunResult } from '../../results/result-types.js';
import { mulberry32 } from '../../workload/prng.js';
import type { RepetitionFigures, RepetitionReport } from '../../results/repetition-types.js';

/**
 * Results made from a model of the headline workload, for tests of compare and history: 3 echo calls
 * to 1 CPU-bound `work` call, each call's latency = service time × log-normal noise, its CPU = service
 * time. Everything else (counters, environment) is the real headline fixture's.
 */
export interface WorkloadModel {
  /** Service time of an echo call, µs. */
  readonly echoUs: number;
  /** Service time of a work call (its `cpuUs`), µs. */
  readonly workUs: number;
  /** Multiplies every latency (a slower box, a 2 % shift). */
  readonly scale?: number;
  /** σ of the log-normal noise on each call. */
  readonly noise?: number;
  readonly seconds?: number;
  readonly callsPerSecond?: number;
  /** Repetitions of the cell, each a separate seeded draw (for figures with one value per run). */
  readonly repetitions?: number;
  readonly seed: number;
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

interface Draw {
  readonly hdr: string;
  readonly perSecond: IntervalPoint[];
  readonly cpuUsPerCall: number;
}

function draw(m: WorkloadModel, seed: number): Draw {
  const random = mulberry32(seed);
  const all = newHistogram();
  const perSecond: IntervalPoint[] = [];
  let cpuUs = 0;
  let calls = 0;
  const seconds = m.seconds ?? 10;
  const rate = m.callsPerSecond ?? 100;
  for (let s = 0; s < seconds; s++) {
    const second = newHistogram();
    for (let i = 0; i < rate; i++) {
      // Every fourth call is a work call: the mix is exact, the noise is in the times.
      const service = i % 4 === 3 ? m.workUs : m.echoUs;
      const latencyUs = (service + 500) * (m.scale ?? 1) * Math.exp((m.noise ?? 0.2) * normal(random));
      recordUs(all, latencyUs);
      recordUs(second, latencyUs);
      // CPU is measured, so it is noisy too (another process's cache misses, frequency changes).
      cpuUs += service * Math.exp(0.02 * normal(random));
      calls++;
    }
    const sum = summarize(second);
    perSecond.push({
      second: s + 1,
      phase: 'measured',
      requests: rate,
      failed: 0,
      http404: 0,
      sessionsStarted: rate / 5,
      sessionsFailed: 0,
      durationMs: 1000,
      dropped: 0,
      latency: sum ? { call: { count: sum.count, p50Us: sum.p50Us, p99Us: sum.p99Us, maxUs: sum.maxUs } } : {},
    });
  }
  return { hdr: encodeHistogram(all), perSecond, cpuUsPerCall: cpuUs / calls };
}

/** A repetition record that carries only the given figures (what compare reads). */
export function repetitionWith(repetition: number, figures: Readonly<Record<string, number>>): RepetitionFigures {
  return {
    repetition, status: 'completed', startedAt: '', keyP50Us: undefined, keyP99Us: undefined, setupP50Us: undefined, setupP99Us: undefined,
    requestErrorRate: undefined, failedSessionRate: undefined, serverUsPerSession: undefined, serverUsPerCall: undefined, balancerUsPerSession: undefined,
    achievedPerSec: undefined, saturated: false, reconciliation: undefined, figures, perSecond: { keyP50Us: [], keyP99Us: [], errorRate: [] },
  };
}

/** The headline fixture's stateless round-robin cell with the model's calls, CPU and repetitions. */
export function syntheticCell(m: WorkloadModel): FigureCell {
  const base = fixtureCell(fixtureRun('headline').result, 'stateless.round-robin.r3');
  const d = draw(m, m.seed);
  const metrics = base.metrics as NonNullable<CellResult['metrics']>;
  const call = metrics.steps.call as NonNullable<typeof metrics.steps.call>;
  const cost = base.cost as NonNullable<CellResult['cost']>;
  const runs: RepetitionFigures[] = [];
  for (let r = 0; r < (m.repetitions ?? 0); r++) runs.push(repetitionWith(r + 1, { serverCpuPerCall: draw(m, m.seed * 1000 + r + 1).cpuUsPerCall }));
  const repetitions: RepetitionReport | undefined = runs.length > 0 ? { count: runs.length, runs, summary: {} } : undefined;
  return {
    ...base,
    metrics: { ...metrics, steps: { ...metrics.steps, call: { ...call, correctedHdr: d.hdr, corrected: summarize(decodeHistogram(d.hdr)) } } },
    timeSeries: d.perSecond,
    cost: { ...cost, replicas: { ...cost.replicas, usPerCall: d.cpuUsPerCall } },
    repetitions,
  };
}

/** A run of the headline fixture whose only cell is the synthetic one. */
export function syntheticRun(m: WorkloadModel, runId = `synthetic-${m.seed}`): RunResult {
  const { result } = fixtureRun('headline');
  return { ...result, runId, cells: [syntheticCell(m)] };
}
