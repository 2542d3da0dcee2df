import type { IntervalPoint } from '../metrics/interval-series.js';
import { figureValues } from '../results/cell-figures.js';
import { keyStepOf } from '../results/key-step.js';
import type { RepetitionFigures, RepetitionInterval, RepetitionReport } from '../results/repetition-types.js';
import type { CellResult } from '../results/result-types.js';
import { medianOfRepetitions, summarizePooledIntervals } from '../stats/repetition-summary.js';

/** The measured seconds of a cell's time series. */
function measuredSeconds(c: CellResult): readonly IntervalPoint[] {
  return (c.timeSeries ?? []).filter((p) => p.phase === 'measured');
}

/** One repetition's figures, from its cell result. */
export function repetitionFigures(c: CellResult, repetition: number): RepetitionFigures {
  const m = c.metrics;
  const step = keyStepOf(c.flow);
  const key = m?.steps[step]?.corrected;
  const setup = m?.timings['session-setup']?.summary;
  const sessions = m?.sessions;
  const seconds = measuredSeconds(c);
  return {
    repetition,
    status: c.status,
    startedAt: c.startedAt,
    keyP50Us: key?.p50Us,
    keyP99Us: key?.p99Us,
    setupP50Us: setup?.p50Us,
    setupP99Us: setup?.p99Us,
    requestErrorRate: m && m.measuredRequests > 0 ? m.measuredFailedRequests / m.measuredRequests : undefined,
    failedSessionRate: sessions && sessions.started - (sessions.aborted ?? 0) > 0 ? sessions.failed / (sessions.started - (sessions.aborted ?? 0)) : undefined,
    serverUsPerSession: c.cost?.replicas.usPerSession,
    serverUsPerCall: c.cost?.replicas.usPerCall,
    balancerUsPerSession: c.cost?.balancer.usPerSession,
    achievedPerSec: c.load?.achievedPerSec,
    saturated: c.generator?.saturated ?? false,
    reconciliation: c.reconciliation?.state,
    figures: figureValues(c),
    perSecond: {
      keyP50Us: seconds.flatMap((p) => (p.latency[step] ? [p.latency[step].p50Us] : [])),
      keyP99Us: seconds.flatMap((p) => (p.latency[step] ? [p.latency[step].p99Us] : [])),
      errorRate: seconds.flatMap((p) => (p.requests > 0 ? [p.failed / p.requests] : [])),
    },
  };
}

function pooled(series: readonly (readonly number[])[]): RepetitionInterval | undefined {
  const usable = series.filter((s) => s.length > 0);
  if (usable.length === 0) return undefined;
  const s = summarizePooledIntervals(usable);
  return { point: s.point, low: s.low, high: s.high, confidence: s.confidence, method: 'pooled-seconds' };
}

function overRepetitions(values: ReadonlyArray<number | undefined>): RepetitionInterval | undefined {
  const xs = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (xs.length === 0) return undefined;
  const s = medianOfRepetitions(xs);
  return { point: s.point, low: s.low, high: s.high, confidence: s.confidence, method: 'median-of-repetitions' };
}

/**
 * Medians and intervals of the table's figures over a cell's repetitions: per-second figures pooled
 * over repetitions (two-level bootstrap), one-per-run figures by order statistics (docs/statistics.md).
 */
export function repetitionReport(runs: readonly RepetitionFigures[]): RepetitionReport {
  return {
    count: runs.length,
    runs,
    summary: {
      keyP50Us: pooled(runs.map((r) => r.perSecond.keyP50Us)),
      keyP99Us: pooled(runs.map((r) => r.perSecond.keyP99Us)),
      requestErrorRate: pooled(runs.map((r) => r.perSecond.errorRate)),
      setupP50Us: overRepetitions(runs.map((r) => r.setupP50Us)),
      setupP99Us: overRepetitions(runs.map((r) => r.setupP99Us)),
      serverUsPerSession: overRepetitions(runs.map((r) => r.serverUsPerSession)),
      serverUsPerCall: overRepetitions(runs.map((r) => r.serverUsPerCall)),
      balancerUsPerSession: overRepetitions(runs.map((r) => r.balancerUsPerSession)),
    },
  };
}
