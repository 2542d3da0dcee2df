import { finalizeMetrics, mergeWires, snapshotToWire } from '../metrics/metrics-wire.js';
import type { CellCost, CellResult, CellStatus, CostFigures, Reconciliation, ReplicaReport } from '../results/result-types.js';
import { repetitionFigures, repetitionReport } from './repetition-figures.js';

const sumOrUndefined = (xs: ReadonlyArray<number | undefined>): number | undefined => (xs.some((x) => x === undefined) ? undefined : (xs as number[]).reduce((a, b) => a + b, 0));

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Pooled cost: CPU, requests and calls add up over the repetitions, then the ratios are taken again. */
function combineCost(costs: readonly CellCost[]): CellCost | undefined {
  const first = costs[0];
  if (!first) return undefined;
  const windowMs = costs.reduce((n, c) => n + c.windowMs, 0);
  const requests = sumOrUndefined(costs.map((c) => c.requests));
  const toolCalls = sumOrUndefined(costs.map((c) => c.toolCalls));
  const sessionsEquivalent = costs.reduce((n, c) => n + (c.requests && c.requestsPerSession ? c.requests / c.requestsPerSession : 0), 0);
  const requestsPerSession = requests && sessionsEquivalent > 0 ? requests / sessionsEquivalent : undefined;
  const figures = (pick: (c: CellCost) => CostFigures): CostFigures => {
    const cpuUs = sumOrUndefined(costs.map((c) => pick(c).cpuUs));
    const usPerRequest = cpuUs !== undefined && requests ? cpuUs / requests : undefined;
    return {
      cpuUs,
      cores: cpuUs !== undefined && windowMs > 0 ? cpuUs / 1000 / windowMs : undefined,
      usPerRequest,
      usPerCall: cpuUs !== undefined && toolCalls ? cpuUs / toolCalls : undefined,
      usPerSession: usPerRequest !== undefined && requestsPerSession !== undefined ? usPerRequest * requestsPerSession : undefined,
    };
  };
  return {
    windowMs,
    cpuSource: first.cpuSource,
    requests,
    toolCalls,
    requestsPerSession,
    replicas: figures((c) => c.replicas),
    balancer: figures((c) => c.balancer),
    perReplica: first.perReplica.map((_, i) => {
      const cpuUs = sumOrUndefined(costs.map((c) => c.perReplica[i]?.cpuUs));
      const rates = costs.map((c) => c.perReplica[i]?.requestsPerSec).filter((x): x is number => x !== undefined);
      return { cpuUs, cores: cpuUs !== undefined && windowMs > 0 ? cpuUs / 1000 / windowMs : undefined, requestsPerSec: rates.length > 0 ? median(rates) : undefined };
    }),
  };
}

const STATE_ORDER: Readonly<Record<string, number>> = { reconciled: 0, 'not-reconciled': 1, mismatch: 2 };

/** The worst reconciliation state over the repetitions, every repetition's findings kept and labelled. */
function combineReconciliation(reps: readonly CellResult[]): Reconciliation | undefined {
  const withR = reps.map((c, i) => ({ r: c.reconciliation, k: i + 1 })).filter((x): x is { r: Reconciliation; k: number } => x.r !== undefined);
  if (withR.length === 0) return undefined;
  const worst = withR.reduce((a, b) => ((STATE_ORDER[b.r.state] ?? 0) > (STATE_ORDER[a.r.state] ?? 0) ? b : a)).r;
  return {
    ...worst,
    reasons: withR.flatMap(({ r, k }) => r.reasons.map((why) => `repetition ${k}: ${why}`)),
    clientTotal: withR.reduce((n, { r }) => n + r.clientTotal, 0),
    serverTotal: withR.reduce((n, { r }) => n + r.serverTotal, 0),
    mismatches: withR.flatMap(({ r }) => r.mismatches),
    incomplete: withR.flatMap(({ r }) => r.incomplete),
  };
}

function combineReplicaReports(reps: readonly CellResult[]): ReplicaReport[] | undefined {
  const first = reps.find((c) => c.replicaReports)?.replicaReports;
  if (!first) return undefined;
  const totals = first.map((r) => reps.reduce((n, c) => n + (c.replicaReports?.find((x) => x.id === r.id)?.requests ?? 0), 0));
  const all = totals.reduce((a, b) => a + b, 0);
  return first.map((r, i) => ({ ...r, requests: totals[i] as number, sharePct: all > 0 ? ((totals[i] as number) / all) * 100 : 0 }));
}

function combinedStatus(reps: readonly CellResult[]): CellStatus {
  if (reps.some((c) => c.status === 'interrupted')) return 'interrupted';
  if (reps.every((c) => c.status === 'failed' || c.status === 'not-run')) return reps[0]?.status ?? 'failed';
  return 'completed';
}

/**
 * One cell's repetitions as one result: histograms merged (never percentiles averaged), counters and
 * CPU added up, the worst reconciliation state and every saturation kept, the first repetition's time
 * series and work files, and per-repetition figures with medians and intervals in `repetitions`.
 */
export function combineRepetitions(reps: readonly CellResult[]): CellResult {
  const first = reps[0];
  if (!first) throw new Error('combineRepetitions: no repetition');
  const measured = reps.filter((c) => c.metrics);
  const metrics = measured.length > 0 ? finalizeMetrics(mergeWires(measured.map((c) => snapshotToWire(c.metrics!)))) : undefined;
  const loads = reps.flatMap((c) => (c.load ? [c.load] : []));
  const load = loads[0]
    ? {
        ...loads[0],
        starts: loads.reduce((n, l) => n + l.starts, 0),
        measuredStarts: loads.reduce((n, l) => n + l.measuredStarts, 0),
        scheduledStarts: sumOrUndefined(loads.map((l) => l.scheduledStarts)),
        dropped: loads.reduce((n, l) => n + l.dropped, 0),
        lateStarts: loads.reduce((n, l) => n + l.lateStarts, 0),
        maxStartLagMs: Math.max(...loads.map((l) => l.maxStartLagMs)),
        achievedPerSec: median(loads.map((l) => l.achievedPerSec)),
        attemptedPerSec: median(loads.map((l) => l.attemptedPerSec)),
        achievedRequestsPerSec: median(loads.map((l) => l.achievedRequestsPerSec)),
        abortedAtDrain: loads.reduce((n, l) => n + l.abortedAtDrain, 0),
      }
    : undefined;
  const generators = reps.flatMap((c, i) => (c.generator ? [{ g: c.generator, k: i + 1 }] : []));
  const generator = generators[0]
    ? {
        ...generators[0].g,
        saturated: generators.some(({ g }) => g.saturated),
        saturationReasons: generators.flatMap(({ g, k }) => g.saturationReasons.map((r) => `repetition ${k}: ${r}`)),
        loadNotDelivered: generators.some(({ g }) => g.loadNotDelivered),
        loadNotDeliveredReasons: generators.flatMap(({ g, k }) => g.loadNotDeliveredReasons.map((r) => `repetition ${k}: ${r}`)),
      }
    : undefined;
  const costs = reps.flatMap((c) => (c.cost ? [c.cost] : []));
  const events = reps.flatMap((c) => c.events ?? []);
  const faults = reps.flatMap((c) => c.faults ?? []);
  return {
    ...first,
    status: combinedStatus(reps),
    finishedAt: reps[reps.length - 1]?.finishedAt ?? first.finishedAt,
    ...(metrics ? { metrics } : {}),
    ...(load ? { load } : {}),
    ...(generator ? { generator } : {}),
    cost: combineCost(costs),
    reconciliation: combineReconciliation(reps),
    replicaReports: combineReplicaReports(reps),
    events: events.length > 0 ? events : undefined,
    faults: faults.length > 0 ? faults : undefined,
    repetitions: repetitionReport(reps.map((c, i) => repetitionFigures(c, i + 1))),
  };
}
