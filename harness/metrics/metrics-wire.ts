import type { Count3 } from './counts.js';
import { bump1, bump3 } from './counts.js';
import { decodeHistogram, encodeHistogram, mergeInto, newHistogram, summarize, type HistogramSummary } from './histogram.js';
import type { RequestStep, SessionTiming } from './steps.js';

/**
 * What a recorder hands over: counters plus histograms as compressed base64. Workers post it to the
 * main thread, which merges wires (bucket sums, never averaged percentiles) and summarizes once.
 */
export interface StepWire {
  readonly total: number;
  readonly ok: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly failures: Readonly<Record<string, number>>;
  readonly correctedHdr: string;
  readonly uncorrectedHdr: string;
  /** Failed attempts' latency from their intended time (present once a measured request failed). */
  readonly failedHdr?: string;
}

export interface SessionCounts {
  readonly started: number;
  readonly ok: number;
  readonly recovered: number;
  readonly failed: number;
  readonly failedByReason: Readonly<Record<string, number>>;
  readonly sessionLostEvents: number;
  readonly reinitialized: number;
  /** How targets signalled a lost session, e.g. {"404/-32001": 12}. */
  readonly lostSignals: Readonly<Record<string, number>>;
  /** Sessions the harness itself cut short (Ctrl-C, SIGTERM, the drain deadline): part of `started`, neither ok nor failed. */
  readonly aborted: number;
}

export interface MetricsWire {
  readonly steps: Readonly<Partial<Record<RequestStep, StepWire>>>;
  readonly timings: Readonly<Partial<Record<SessionTiming, string>>>;
  readonly sessions: SessionCounts;
  readonly measuredRequests: number;
  readonly measuredFailedRequests: number;
  /** Requests the harness itself aborted (interrupt, drain deadline): neither successes nor failures; their replicas may have counted them. */
  readonly abortedRequests: number;
  readonly http404: { readonly count: number; readonly postInitializeRequests: number };
  readonly requestsByReplica: Readonly<Record<string, number>>;
  readonly allRequests: Readonly<Count3>;
  /** Latency values above the histograms' 24 h range, recorded as 24 h. */
  readonly clampedValues: number;
  /** Requests sent before their intended time (corrected latency below uncorrected): 0 unless the engine is broken. */
  readonly earlySends: number;
  /** Requests (warm-up sessions' included) that completed inside the measured window: the achieved request rate's count. */
  readonly windowRequests: number;
  /** Starts the schedule offered that were never made (maxInFlight reached): all, and those in the measured window. */
  readonly offered: { readonly dropped: number; readonly droppedMeasured: number };
  /** Flow counters of measured work, e.g. "handles.created", "tasks.completed", "tasks.polls". */
  readonly flows: Readonly<Record<string, number>>;
  /**
   * Corrected latency of the successful measured requests each replica answered (by X-Replica-Id), every
   * step together: a replica that stalls shows here even when the cell's percentiles hide it.
   */
  readonly replicaLatencyHdr: Readonly<Record<string, string>>;
}

export interface StepReport extends StepWire {
  /** Latency of successful requests from their intended send time (coordinated-omission corrected). */
  readonly corrected: HistogramSummary | undefined;
  /** Latency of successful requests from their actual send time. */
  readonly uncorrected: HistogramSummary | undefined;
  /** Latency of failed attempts (timeouts, errors) from their intended send time; undefined when none failed. */
  readonly failed: HistogramSummary | undefined;
}

export interface CellMetricsSnapshot extends Omit<MetricsWire, 'steps' | 'timings'> {
  readonly steps: Readonly<Partial<Record<RequestStep, StepReport>>>;
  readonly timings: Readonly<Partial<Record<SessionTiming, { summary: HistogramSummary | undefined; hdr: string }>>>;
  /** Per replica: the summary of replicaLatencyHdr. */
  readonly replicaLatency: Readonly<Record<string, HistogramSummary | undefined>>;
}

function addRecord(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) bump1(into, k, v);
}

function mergeHdr(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const h = decodeHistogram(a);
  mergeInto(h, decodeHistogram(b));
  return encodeHistogram(h);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

function mergeSteps(a: StepWire, b: StepWire): StepWire {
  const byStatus = { ...a.byStatus };
  addRecord(byStatus, b.byStatus);
  const failures = { ...a.failures };
  addRecord(failures, b.failures);
  return {
    total: a.total + b.total,
    ok: a.ok + b.ok,
    byStatus,
    failures,
    correctedHdr: mergeHdr(a.correctedHdr, b.correctedHdr) as string,
    uncorrectedHdr: mergeHdr(a.uncorrectedHdr, b.uncorrectedHdr) as string,
    ...optional('failedHdr', mergeHdr(a.failedHdr, b.failedHdr)),
  };
}

export function mergeWires(wires: readonly MetricsWire[]): MetricsWire {
  const [first, ...rest] = wires;
  if (!first) throw new Error('mergeWires: nothing to merge');
  let acc: MetricsWire = first;
  for (const w of rest) {
    const steps: Partial<Record<RequestStep, StepWire>> = { ...acc.steps };
    for (const [k, v] of Object.entries(w.steps) as Array<[RequestStep, StepWire]>) steps[k] = steps[k] ? mergeSteps(steps[k] as StepWire, v) : v;
    const timings: Partial<Record<SessionTiming, string>> = { ...acc.timings };
    for (const [k, v] of Object.entries(w.timings) as Array<[SessionTiming, string]>) timings[k] = mergeHdr(timings[k], v);
    const failedByReason = { ...acc.sessions.failedByReason };
    addRecord(failedByReason, w.sessions.failedByReason);
    const lostSignals = { ...acc.sessions.lostSignals };
    addRecord(lostSignals, w.sessions.lostSignals);
    const byReplica = { ...acc.requestsByReplica };
    addRecord(byReplica, w.requestsByReplica);
    const flows = { ...acc.flows };
    addRecord(flows, w.flows);
    const replicaLatencyHdr: Record<string, string> = { ...acc.replicaLatencyHdr };
    for (const [k, v] of Object.entries(w.replicaLatencyHdr)) replicaLatencyHdr[k] = mergeHdr(replicaLatencyHdr[k], v) as string;
    const all: Count3 = structuredClone(acc.allRequests) as Count3;
    for (const [r, methods] of Object.entries(w.allRequests)) for (const [m, statuses] of Object.entries(methods)) for (const [s, n] of Object.entries(statuses)) bump3(all, r, m, s, n);
    acc = {
      steps,
      timings,
      sessions: {
        started: acc.sessions.started + w.sessions.started,
        ok: acc.sessions.ok + w.sessions.ok,
        recovered: acc.sessions.recovered + w.sessions.recovered,
        failed: acc.sessions.failed + w.sessions.failed,
        failedByReason,
        sessionLostEvents: acc.sessions.sessionLostEvents + w.sessions.sessionLostEvents,
        reinitialized: acc.sessions.reinitialized + w.sessions.reinitialized,
        lostSignals,
        aborted: acc.sessions.aborted + w.sessions.aborted,
      },
      measuredRequests: acc.measuredRequests + w.measuredRequests,
      measuredFailedRequests: acc.measuredFailedRequests + w.measuredFailedRequests,
      abortedRequests: acc.abortedRequests + w.abortedRequests,
      http404: { count: acc.http404.count + w.http404.count, postInitializeRequests: acc.http404.postInitializeRequests + w.http404.postInitializeRequests },
      requestsByReplica: byReplica,
      allRequests: all,
      clampedValues: acc.clampedValues + w.clampedValues,
      earlySends: acc.earlySends + w.earlySends,
      windowRequests: acc.windowRequests + w.windowRequests,
      offered: { dropped: acc.offered.dropped + w.offered.dropped, droppedMeasured: acc.offered.droppedMeasured + w.offered.droppedMeasured },
      flows,
      replicaLatencyHdr,
    };
  }
  return acc;
}

/** Adds percentile summaries (from the merged histograms) to a wire: what result.json stores. */
export function finalizeMetrics(wire: MetricsWire): CellMetricsSnapshot {
  const steps: Partial<Record<RequestStep, StepReport>> = {};
  for (const [k, v] of Object.entries(wire.steps) as Array<[RequestStep, StepWire]>) {
    steps[k] = {
      ...v,
      corrected: summarize(decodeHistogram(v.correctedHdr)),
      uncorrected: summarize(decodeHistogram(v.uncorrectedHdr)),
      failed: v.failedHdr === undefined ? undefined : summarize(decodeHistogram(v.failedHdr)),
    };
  }
  const timings: Partial<Record<SessionTiming, { summary: HistogramSummary | undefined; hdr: string }>> = {};
  for (const [k, v] of Object.entries(wire.timings) as Array<[SessionTiming, string]>) timings[k] = { summary: summarize(decodeHistogram(v)), hdr: v };
  const replicaLatency: Record<string, HistogramSummary | undefined> = {};
  for (const [k, v] of Object.entries(wire.replicaLatencyHdr ?? {})) replicaLatency[k] = summarize(decodeHistogram(v));
  return { ...wire, steps, timings, replicaLatency };
}

/** An empty histogram's wire form (for steps a worker never saw). */
export function emptyHdr(): string {
  return encodeHistogram(newHistogram());
}

/** A finalized snapshot back to its wire (the summaries dropped): to merge snapshots of several runs, e.g. repetitions. */
export function snapshotToWire(s: CellMetricsSnapshot): MetricsWire {
  const steps: Partial<Record<RequestStep, StepWire>> = {};
  for (const [k, v] of Object.entries(s.steps) as Array<[RequestStep, StepReport]>) {
    steps[k] = { total: v.total, ok: v.ok, byStatus: v.byStatus, failures: v.failures, correctedHdr: v.correctedHdr, uncorrectedHdr: v.uncorrectedHdr, ...(v.failedHdr === undefined ? {} : { failedHdr: v.failedHdr }) };
  }
  const timings: Partial<Record<SessionTiming, string>> = {};
  for (const [k, v] of Object.entries(s.timings) as Array<[SessionTiming, { hdr: string }]>) timings[k] = v.hdr;
  const { steps: _s, timings: _t, replicaLatency: _r, ...rest } = s;
  return { ...rest, steps, timings, replicaLatencyHdr: s.replicaLatencyHdr ?? {} };
}
