import path from 'node:path';
import type { LoadSpec, ResolvedScenario } from '../config/resolved-scenario.js';
import type { MatrixCell } from '../config/matrix-dimensions.js';
import type { CpuThrottling, Platform, StartedTopology } from '../platform/platform.js';
import { machineCpuBetween, machineCpuSample, type MachineCpuSample } from '../proc/machine-cpu.js';
import type { SizeStep, SizeStepPhase, ThrottlingFigures } from '../results/size-result-types.js';
import { planCell } from '../run/plan.js';
import { cellResultBase, measureCell } from '../run/run-cell.js';
import { clearSessions } from './clear-sessions.js';
import { stepRecord } from './step-record.js';
import { stepTopology } from './step-topology.js';

export interface StepRequest {
  readonly cell: MatrixCell & { readonly index: number; readonly id: string };
  readonly stepIndex: number;
  readonly phase: SizeStepPhase;
  readonly ratePerSec: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Folder of the step's files under cells/<id>/steps/ (default: its index). */
  readonly folder?: string;
  /** Instead of the constant arrival rate (the replicas' warm-up runs closed loop). */
  readonly load?: LoadSpec;
}

export interface StepEnvironment {
  /** The scenario as `size` runs it (faults left out). */
  readonly scenario: ResolvedScenario;
  readonly platform: Platform;
  readonly runId: string;
  readonly runDir: string;
  readonly signal: AbortSignal;
  readonly settleTimeoutMs: number;
  readonly capCores: number;
  /** Starts allowed in flight before the generator drops (and counts) one. */
  readonly maxInFlight: number;
}

type Probe = { readonly throttling: readonly (CpuThrottling | undefined)[]; readonly machine: MachineCpuSample | undefined };

const probe = (topology: StartedTopology): Probe => ({ throttling: topology.replicas.map((r) => r.throttling?.()), machine: machineCpuSample() });

function throttlingBetween(a: CpuThrottling | undefined, b: CpuThrottling | undefined): ThrottlingFigures | undefined {
  if (!a || !b || b.periods < a.periods) return undefined; // counters reset (a new container): no figure rather than a wrong one
  const periods = b.periods - a.periods;
  const throttledPeriods = b.throttledPeriods - a.throttledPeriods;
  return { periods, throttledPeriods, throttledShare: periods > 0 ? throttledPeriods / periods : 0, throttledMs: (b.throttledUs - a.throttledUs) / 1000 };
}

/** Longest a low-rate step is stretched to, so a search that descends far still ends. */
const MAX_STRETCHED_MS = 30_000;

/**
 * A step must hold enough tool calls to judge its p99 (slo.minCalls), with half as many again for the
 * schedule's rounding: at a low rate a short step is lengthened rather than failed for want of samples.
 */
export function minimumWindowMs(ratePerSec: number, scenario: Pick<ResolvedScenario, 'slo' | 'workload'>): number {
  const minCalls = scenario.slo?.minCalls ?? 1;
  const callsPerSec = ratePerSec * scenario.workload.callsPerSession;
  return Math.min(MAX_STRETCHED_MS, Math.ceil(((1.5 * minCalls) / callsPerSec) * 1000));
}

/**
 * One step of a search on the cell's running topology: clear the previous step's sessions, drive a
 * constant arrival rate (its own warm-up, then the measured window) through measureCell, read the
 * replicas' CFS throttling and the machine's CPU over the measured window, and judge the step.
 */
export async function measureStep(req: StepRequest, topology: StartedTopology, env: StepEnvironment): Promise<SizeStep> {
  const isolation = await clearSessions(topology, env.settleTimeoutMs, env.signal);
  const view = await stepTopology(topology);
  const durationMs = Math.max(req.durationMs, minimumWindowMs(req.ratePerSec, env.scenario));
  const load: LoadSpec = req.load ?? { executor: 'constant-arrival-rate', unit: 'sessions', ratePerSec: req.ratePerSec, clients: undefined, durationMs, warmupMs: req.warmupMs, maxInFlight: env.maxInFlight, repetitions: 1 };
  const plan = planCell(req.cell, req.cell.index, load, env.scenario);
  const startedAt = new Date().toISOString();
  // The measured window opens warmupMs after the load starts (which is ~10 ms after measureCell is called)
  // and closes when measureCell takes its last CPU snapshot (the 'collecting' progress event).
  let first: Probe | undefined;
  let last: Probe | undefined;
  const opener = setTimeout(() => (first = probe(topology)), req.warmupMs + 10);
  let result;
  try {
    result = await measureCell(plan, env.scenario, {
      platform: env.platform,
      runId: env.runId,
      runDir: env.runDir,
      signal: env.signal,
      onProgress: (p) => {
        if (p.phase === 'collecting') last ??= probe(topology);
      },
    }, view, cellResultBase(plan), path.join(env.runDir, 'cells', req.cell.id, 'steps', req.folder ?? String(req.stepIndex)));
  } finally {
    clearTimeout(opener);
  }
  last ??= probe(topology);
  const throttling = first ? topology.replicas.map((_, i) => throttlingBetween(first!.throttling[i], last!.throttling[i])) : undefined;
  return stepRecord(result, {
    index: req.stepIndex,
    phase: req.phase,
    ratePerSec: req.ratePerSec,
    startedAt,
    slo: env.scenario.slo!,
    capCores: env.capCores,
    throttling: throttling?.every((t) => t === undefined) ? undefined : throttling,
    machine: first ? machineCpuBetween(first.machine, last.machine) : undefined,
    isolation: { sessionsLeft: isolation.sessionsLeft, waitedMs: Math.round(isolation.waitedMs), restarted: isolation.restarted },
  });
}
