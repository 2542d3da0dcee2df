import type { SloSpec } from '../config/resolved-scenario.js';
import { keyStepOf } from '../output/state-table.js';
import type { MachineCpuUse } from '../proc/machine-cpu.js';
import type { CellResult } from '../results/result-types.js';
import type { SizeStep, SizeStepPhase, ThrottlingFigures } from '../results/size-result-types.js';
import { checkSlo, type StepFigures } from './slo.js';
import { judgeStep, STEP_LIMITS } from './step-judge.js';

export interface StepContext {
  readonly index: number;
  readonly phase: SizeStepPhase;
  readonly ratePerSec: number;
  readonly startedAt: string;
  readonly slo: SloSpec;
  readonly capCores: number;
  /** Each replica's throttling in the measured window (undefined where unreadable). */
  readonly throttling: readonly (ThrottlingFigures | undefined)[] | undefined;
  readonly machine: MachineCpuUse | undefined;
  readonly isolation: SizeStep['isolation'];
}

/** What the SLO is judged on, from a step's measurements; dropped starts count as failed sessions. */
export function sloFigures(cell: CellResult): StepFigures {
  const m = cell.metrics;
  const key = m?.steps[keyStepOf(cell.flow)];
  const dropped = measuredDrops(cell);
  return {
    callP99Us: key?.corrected?.p99Us,
    calls: key?.corrected?.count ?? 0,
    requests: m?.measuredRequests ?? 0,
    failedRequests: m?.measuredFailedRequests ?? 0,
    sessions: (m?.sessions.started ?? 0) + dropped,
    failedSessions: (m?.sessions.failed ?? 0) + dropped,
  };
}

/** Measured starts the schedule offered but the generator dropped (maxInFlight reached): unserved sessions. */
function measuredDrops(cell: CellResult): number {
  const scheduled = cell.plan.scheduledMeasuredStarts;
  if (scheduled === undefined || !cell.load || cell.status !== 'completed') return 0;
  return Math.max(0, scheduled - cell.load.measuredStarts);
}

export function sumThrottling(parts: readonly (ThrottlingFigures | undefined)[] | undefined): ThrottlingFigures | undefined {
  if (!parts || parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  const all = parts as ThrottlingFigures[];
  const periods = all.reduce((n, p) => n + p.periods, 0);
  const throttledPeriods = all.reduce((n, p) => n + p.throttledPeriods, 0);
  return { periods, throttledPeriods, throttledShare: periods > 0 ? throttledPeriods / periods : 0, throttledMs: all.reduce((n, p) => n + p.throttledMs, 0) };
}

/**
 * One search step's record and verdict, from what measureCell gathered plus the throttling and the
 * machine's CPU over the same window: the SLO check, what limited the step, and every figure a report
 * draws (latency, errors, CPU per replica, throttling).
 */
export function stepRecord(cell: CellResult, ctx: StepContext): SizeStep {
  const m = cell.metrics;
  const figures = sloFigures(cell);
  const slo = checkSlo(figures, { callP99Us: ctx.slo.callP99Us, requestErrorRate: ctx.slo.requestErrorRate, failedSessionRate: ctx.slo.failedSessionRate, minCalls: ctx.slo.minCalls });
  const interrupted = cell.status !== 'completed';
  const replicaCores = cell.cost?.perReplica.map((r) => r.cores) ?? [];
  const throttling = sumThrottling(ctx.throttling);
  const generatorCores = cell.generator ? cell.generator.processCpuPctOfOneCore / 100 : undefined;
  const p99Breach = slo.violations.find((v) => v.figure === 'callP99Us');
  const threads = cell.generator?.threads ?? [];
  const threadCpu = threads.map((t) => t.threadCpuPctOfOneCore).filter((v): v is number => v !== undefined);
  const verdict = judgeStep(
    {
      sloMet: slo.met && !interrupted,
      latencyOnly: !interrupted && slo.violations.length > 0 && slo.violations.every((v) => v.figure === 'callP99Us'),
      p99OverLimitUs: p99Breach?.observed === undefined ? undefined : p99Breach.observed - p99Breach.limit,
      generatorLagMs: Math.max(0, cell.load?.startLag?.p99Ms ?? 0, ...threads.map((t) => t.eventLoopDelay.p99Ms)),
      generatorThreadCores: threadCpu.length > 0 ? Math.max(...threadCpu) / 100 : undefined,
      capCores: ctx.capCores,
      replicaCores,
      throttledShare: throttling?.throttledShare,
      balancerCores: cell.cost?.balancer.cores,
      machineBusyFraction: ctx.machine?.busyFraction,
      machineCores: ctx.machine?.cores,
    },
    STEP_LIMITS,
  );
  const keyStep = keyStepOf(cell.flow);
  const key = m?.steps[keyStep];
  const dropped = measuredDrops(cell);
  return {
    index: ctx.index,
    phase: ctx.phase,
    ratePerSec: ctx.ratePerSec,
    warmupMs: cell.plan.warmupMs,
    durationMs: cell.plan.durationMs,
    startedAt: ctx.startedAt,
    sloMet: slo.met && !interrupted,
    violations: [...slo.violations.map((v) => v.message), ...(interrupted ? [`step ${cell.status}`] : [])],
    limitedBy: verdict.limitedBy,
    limiterReason: verdict.reason,
    throttlingBound: verdict.throttlingBound,
    load: {
      achievedPerSec: cell.load?.achievedPerSec ?? 0,
      attemptedPerSec: cell.load?.attemptedPerSec ?? 0,
      measuredStarts: cell.load?.measuredStarts ?? 0,
      dropped,
      lateStarts: cell.load?.lateStarts ?? 0,
    },
    sessions: { started: m?.sessions.started ?? 0, ok: m?.sessions.ok ?? 0, recovered: m?.sessions.recovered ?? 0, failed: m?.sessions.failed ?? 0, dropped },
    requests: { total: figures.requests, failed: figures.failedRequests },
    errorRate: figures.requests > 0 ? figures.failedRequests / figures.requests : undefined,
    failedSessionRate: figures.sessions > 0 ? figures.failedSessions / figures.sessions : undefined,
    keyStep,
    latency: key?.corrected,
    uncorrectedP99Us: key?.uncorrected?.p99Us,
    cpu: {
      replicaCores,
      replicaCoresTotal: cell.cost?.replicas.cores,
      balancerCores: cell.cost?.balancer.cores,
      generatorCores,
      machineBusyCores: ctx.machine?.busyCores,
      machineStealCores: ctx.machine?.stealCores,
      machineCores: ctx.machine?.cores,
      usPerSession: cell.cost?.replicas.usPerSession,
      usPerCall: cell.cost?.replicas.usPerCall,
    },
    throttling: throttling && ctx.throttling ? { ...throttling, perReplica: ctx.throttling } : undefined,
    generator: { saturated: cell.generator?.saturated ?? false, reasons: cell.generator?.saturationReasons ?? [] },
    reconciliation: cell.reconciliation?.state,
    isolation: ctx.isolation,
    hlogFile: cell.hlogFile,
  };
}
