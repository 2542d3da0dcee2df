import { bump1, bump3, type Count3 } from './counts.js';
import { encodeHistogram, msToUs, newHistogram, recordUs, type Histogram } from './histogram.js';
import { failureClassOf, type FailureClassCounts } from './failure-classes.js';
import type { IntervalWire } from './interval-series.js';
import { finalizeMetrics, type CellMetricsSnapshot, type MetricsWire, type StepWire } from './metrics-wire.js';
import type { RequestStep, SessionFailureReason, SessionOutcome, SessionTiming } from './steps.js';

export type { CellMetricsSnapshot, StepReport } from './metrics-wire.js';

/** One HTTP exchange as a protocol model saw it. Times are on the performance.now() clock (ms). */
export interface RequestSample {
  readonly step: RequestStep;
  /** Reconciliation key shared with replicas: JSON-RPC method for POSTs, "GET" / "DELETE" otherwise. */
  readonly method: string;
  /** From the X-Replica-Id response header; undefined when no replica answered (balancer error, transport failure). */
  readonly replicaId: string | undefined;
  /** HTTP status, or 0 when there was none (timeout, refused, reset). */
  readonly status: number;
  readonly ok: boolean;
  /** Why it was not ok, e.g. "timeout", "http-404", "jsonrpc-32602", "tool-error". */
  readonly failure: string | undefined;
  /** When the request should have been sent (open model: from the schedule; later steps: when the previous one ended). */
  readonly intendedMs: number;
  readonly sentMs: number;
  readonly doneMs: number;
}

/** Replica id used for answers that carried no X-Replica-Id (the balancer's own errors). */
export const NO_REPLICA = '(balancer)';
/** Replica id used for requests that got no HTTP answer at all. */
export const NO_ANSWER = '(no answer)';

interface StepStats {
  total: number;
  ok: number;
  byStatus: Record<string, number>;
  failures: Record<string, number>;
  corrected: Histogram;
  uncorrected: Histogram;
  /** Failed attempts, timed from their intended time too (allocated at the first failure). */
  failed: Histogram | undefined;
  /** This second's corrected latency (reset at every interval roll). */
  interval: Histogram;
  intervalUsed: boolean;
}

/** The measured window on the recorder's thread clock (performance.now() ms): [startMs, endMs). */
export interface MeasuredWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The per-cell metric sink of one thread. Samples of warm-up work (measured = false) are counted for
 * reconciliation only. Every attempt is timed: successes in the latency histograms, failures in their
 * own (so percentiles cannot improve as errors rise), dropped starts counted as offered, not delivered.
 */
export class CellRecorder {
  private readonly steps = new Map<RequestStep, StepStats>();
  private readonly timings = new Map<SessionTiming, Histogram>();
  private readonly all: Count3 = {};
  private readonly byReplica: Record<string, number> = {};
  private readonly failedByReason: Record<string, number> = {};
  private readonly lostSignals: Record<string, number> = {};
  private readonly flows: Record<string, number> = {};
  private readonly replicaLatency = new Map<string, Histogram>();
  private sessionsStarted = 0;
  private sessionsOk = 0;
  private sessionsRecovered = 0;
  private sessionsFailed = 0;
  private lostEvents = 0;
  private reinits = 0;
  private measuredRequests = 0;
  private measuredFailed = 0;
  private abortedRequests = 0;
  private sessionsAborted = 0;
  private http404 = 0;
  private postInit = 0;
  private clamped = 0;
  private earlySends = 0;
  private windowRequests = 0;
  private droppedStarts = 0;
  private droppedMeasured = 0;
  private iv = { requests: 0, failed: 0, http404: 0, sessionsStarted: 0, sessionsFailed: 0, dropped: 0 };
  // Kept apart from `iv` (optional in the wire): this second's failures by class and recovered sessions.
  private ivClasses: FailureClassCounts = {};
  private ivRecovered = 0;

  /** `window`: where requests completed in the measured window are counted (the achieved request rate). */
  constructor(private readonly window?: MeasuredWindow) {}

  /** Live counters for progress lines (all work, warm-up included). */
  readonly live = { sessionsStarted: 0, sessionsDone: 0, sessionsFailed: 0, requests: 0, failedRequests: 0 };

  request(s: RequestSample, measured: boolean): void {
    // The harness cut it short (interrupt, drain deadline): counted for reconciliation only, never as
    // a failure of the system under test, never timed.
    const abortedByUs = s.failure === 'aborted';
    if (abortedByUs) {
      bump3(this.all, s.replicaId ?? NO_ANSWER, s.method, `error:aborted`);
      if (measured) this.abortedRequests++;
      return;
    }
    this.live.requests++;
    this.iv.requests++;
    if (!s.ok) {
      this.live.failedRequests++;
      this.iv.failed++;
      const cls = failureClassOf(s.status, s.failure);
      this.ivClasses[cls] = (this.ivClasses[cls] ?? 0) + 1;
    }
    if (s.status === 404) this.iv.http404++;
    // The coordinated-omission invariant: corrected ≥ uncorrected, i.e. nothing leaves before it is due.
    if (s.sentMs < s.intendedMs) this.earlySends++;
    if (this.window && s.doneMs >= this.window.startMs && s.doneMs < this.window.endMs) this.windowRequests++;
    const replica = s.replicaId ?? (s.status === 0 ? NO_ANSWER : NO_REPLICA);
    bump3(this.all, replica, s.method, s.status === 0 ? `error:${s.failure ?? 'unknown'}` : String(s.status));
    const st = this.stepStats(s.step);
    if (s.ok) {
      const correctedUs = msToUs(s.doneMs - s.intendedMs);
      recordUs(st.interval, correctedUs);
      st.intervalUsed = true;
      if (measured) {
        if (!recordUs(st.corrected, correctedUs)) this.clamped++;
        if (!recordUs(st.uncorrected, msToUs(s.doneMs - s.sentMs))) this.clamped++;
        if (s.replicaId !== undefined) {
          let h = this.replicaLatency.get(s.replicaId);
          if (!h) this.replicaLatency.set(s.replicaId, (h = newHistogram()));
          recordUs(h, correctedUs);
        }
      }
    } else if (measured) {
      if (!recordUs((st.failed ??= newHistogram()), msToUs(s.doneMs - s.intendedMs))) this.clamped++;
    }
    if (!measured) return;
    this.measuredRequests++;
    bump1(this.byReplica, replica);
    st.total++;
    bump1(st.byStatus, s.status === 0 ? 'none' : String(s.status));
    if (s.step !== 'initialize') {
      this.postInit++;
      if (s.status === 404) this.http404++;
    }
    if (s.ok) st.ok++;
    else {
      this.measuredFailed++;
      bump1(st.failures, s.failure ?? 'unknown');
    }
  }

  /** A start the schedule offered that was never made (maxInFlight reached): offered, not delivered. */
  dropped(measured: boolean): void {
    this.droppedStarts++;
    this.iv.dropped++;
    if (measured) this.droppedMeasured++;
  }

  sessionStarted(): void {
    this.live.sessionsStarted++;
    this.iv.sessionsStarted++;
  }

  sessionLost(signal: string, measured: boolean): void {
    if (!measured) return;
    this.lostEvents++;
    bump1(this.lostSignals, signal);
  }

  /** Counts a flow event of measured work (handles created, tasks completed, polls...). */
  flow(name: string, measured: boolean, by = 1): void {
    if (measured) bump1(this.flows, name, by);
  }

  reinitialized(measured: boolean): void {
    if (measured) this.reinits++;
  }

  timing(which: SessionTiming, ms: number, measured: boolean): void {
    if (!measured) return;
    let h = this.timings.get(which);
    if (!h) this.timings.set(which, (h = newHistogram()));
    if (!recordUs(h, msToUs(ms))) this.clamped++;
  }

  sessionFinished(outcome: SessionOutcome, measured: boolean): void {
    this.live.sessionsDone++;
    if (outcome.kind === 'failed' && outcome.reason === 'aborted') {
      // Started and then cut short by the harness: counted as started, neither ok nor failed.
      if (measured) {
        this.sessionsStarted++;
        this.sessionsAborted++;
      }
      return;
    }
    if (outcome.kind === 'failed') {
      this.live.sessionsFailed++;
      this.iv.sessionsFailed++;
    }
    if (outcome.kind === 'recovered') this.ivRecovered++;
    if (!measured) return;
    this.sessionsStarted++;
    if (outcome.kind === 'ok') this.sessionsOk++;
    else if (outcome.kind === 'recovered') this.sessionsRecovered++;
    else {
      this.sessionsFailed++;
      bump1(this.failedByReason, outcome.reason satisfies SessionFailureReason);
    }
  }

  /**
   * Hands over the interval that just ended and starts the next (called at each second boundary, and
   * once at the end for the last, shorter one). `lagHdr`: the thread's generator lag in it.
   */
  rollInterval(second: number, durationMs: number, lagHdr?: string): IntervalWire {
    const latencyHdr: Partial<Record<RequestStep, string>> = {};
    for (const [step, st] of this.steps) {
      if (!st.intervalUsed) continue;
      latencyHdr[step] = encodeHistogram(st.interval);
      st.interval.reset();
      st.intervalUsed = false;
    }
    const wire: IntervalWire = { second, durationMs, ...this.iv, latencyHdr, ...(lagHdr === undefined ? {} : { lagHdr }) };
    this.iv = { requests: 0, failed: 0, http404: 0, sessionsStarted: 0, sessionsFailed: 0, dropped: 0 };
    const classed: IntervalWire = { ...wire, ...(Object.keys(this.ivClasses).length > 0 ? { failedByClass: this.ivClasses } : {}), ...(this.ivRecovered > 0 ? { sessionsRecovered: this.ivRecovered } : {}) };
    this.ivClasses = {};
    this.ivRecovered = 0;
    return classed;
  }

  toWire(): MetricsWire {
    const steps: Partial<Record<RequestStep, StepWire>> = {};
    for (const [step, st] of this.steps) {
      steps[step] = {
        total: st.total,
        ok: st.ok,
        byStatus: { ...st.byStatus },
        failures: { ...st.failures },
        correctedHdr: encodeHistogram(st.corrected),
        uncorrectedHdr: encodeHistogram(st.uncorrected),
        ...(st.failed ? { failedHdr: encodeHistogram(st.failed) } : {}),
      };
    }
    const timings: Partial<Record<SessionTiming, string>> = {};
    for (const [t, h] of this.timings) timings[t] = encodeHistogram(h);
    return {
      steps,
      timings,
      sessions: {
        started: this.sessionsStarted,
        ok: this.sessionsOk,
        recovered: this.sessionsRecovered,
        failed: this.sessionsFailed,
        failedByReason: { ...this.failedByReason },
        sessionLostEvents: this.lostEvents,
        reinitialized: this.reinits,
        lostSignals: { ...this.lostSignals },
        aborted: this.sessionsAborted,
      },
      measuredRequests: this.measuredRequests,
      measuredFailedRequests: this.measuredFailed,
      abortedRequests: this.abortedRequests,
      http404: { count: this.http404, postInitializeRequests: this.postInit },
      requestsByReplica: { ...this.byReplica },
      allRequests: structuredClone(this.all),
      clampedValues: this.clamped,
      earlySends: this.earlySends,
      windowRequests: this.windowRequests,
      offered: { dropped: this.droppedStarts, droppedMeasured: this.droppedMeasured },
      flows: { ...this.flows },
      replicaLatencyHdr: Object.fromEntries([...this.replicaLatency].map(([id, h]) => [id, encodeHistogram(h)])),
    };
  }

  /** The wire with percentile summaries: what a single-threaded run reports. */
  snapshot(): CellMetricsSnapshot {
    return finalizeMetrics(this.toWire());
  }

  private stepStats(step: RequestStep): StepStats {
    let st = this.steps.get(step);
    if (!st) {
      st = { total: 0, ok: 0, byStatus: {}, failures: {}, corrected: newHistogram(), uncorrected: newHistogram(), failed: undefined, interval: newHistogram(), intervalUsed: false };
      this.steps.set(step, st);
    }
    return st;
  }
}
