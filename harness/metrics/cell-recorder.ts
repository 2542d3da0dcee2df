import { bump1, bump2, bump3, type Count2, type Count3 } from './counts.js';
import { encodeHistogram, msToUs, newHistogram, recordUs, summarize, type Histogram, type HistogramSummary } from './histogram.js';
import type { RequestStep, SessionFailureReason, SessionOutcome, SessionTiming } from './steps.js';

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
}

export interface StepReport {
  readonly total: number;
  readonly ok: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly failures: Readonly<Record<string, number>>;
  /** Latency of successful requests from their intended send time (coordinated-omission corrected). */
  readonly corrected: HistogramSummary | undefined;
  /** Latency of successful requests from their actual send time. */
  readonly uncorrected: HistogramSummary | undefined;
  readonly correctedHdr: string;
  readonly uncorrectedHdr: string;
}

export interface SessionReport {
  readonly started: number;
  readonly ok: number;
  readonly recovered: number;
  readonly failed: number;
  readonly failedByReason: Readonly<Record<string, number>>;
  readonly sessionLostEvents: number;
  readonly reinitialized: number;
  /** How targets signalled a lost session, e.g. {"404/-32001": 12}. */
  readonly lostSignals: Readonly<Record<string, number>>;
}

export interface CellMetricsSnapshot {
  readonly steps: Readonly<Partial<Record<RequestStep, StepReport>>>;
  readonly timings: Readonly<Partial<Record<SessionTiming, { summary: HistogramSummary | undefined; hdr: string }>>>;
  readonly sessions: SessionReport;
  readonly measuredRequests: number;
  readonly measuredFailedRequests: number;
  readonly http404: { readonly count: number; readonly postInitializeRequests: number };
  /** Measured requests answered by each replica (share of traffic). */
  readonly requestsByReplica: Readonly<Record<string, number>>;
  /** Every request of the cell including warm-up: replica → method → status. Reconciled against the replicas' own counts. */
  readonly allRequests: Readonly<Count3>;
  readonly clampedValues: number;
}

/**
 * The per-cell metric sink. Samples from sessions that started (intended) before the end of warm-up
 * are counted for reconciliation only; everything else feeds the reported metrics.
 */
export class CellRecorder {
  private readonly steps = new Map<RequestStep, StepStats>();
  private readonly timings = new Map<SessionTiming, Histogram>();
  private readonly all: Count3 = {};
  private readonly byReplica: Record<string, number> = {};
  private readonly failedByReason: Record<string, number> = {};
  private readonly lostSignals: Record<string, number> = {};
  private sessionsStarted = 0;
  private sessionsOk = 0;
  private sessionsRecovered = 0;
  private sessionsFailed = 0;
  private lostEvents = 0;
  private reinits = 0;
  private measuredRequests = 0;
  private measuredFailed = 0;
  private http404 = 0;
  private postInit = 0;
  private clamped = 0;

  /** Live counters for progress lines (all sessions, including warm-up). */
  readonly live = { sessionsStarted: 0, sessionsDone: 0, sessionsFailed: 0, requests: 0, failedRequests: 0 };

  request(s: RequestSample, measured: boolean): void {
    this.live.requests++;
    if (!s.ok) this.live.failedRequests++;
    const replica = s.replicaId ?? (s.status === 0 ? NO_ANSWER : NO_REPLICA);
    bump3(this.all, replica, s.method, s.status === 0 ? `error:${s.failure ?? 'unknown'}` : String(s.status));
    if (!measured) return;
    this.measuredRequests++;
    bump1(this.byReplica, replica);
    const st = this.stepStats(s.step);
    st.total++;
    bump1(st.byStatus, s.status === 0 ? 'none' : String(s.status));
    if (s.step !== 'initialize') {
      this.postInit++;
      if (s.status === 404) this.http404++;
    }
    if (s.ok) {
      st.ok++;
      if (!recordUs(st.corrected, msToUs(s.doneMs - s.intendedMs))) this.clamped++;
      if (!recordUs(st.uncorrected, msToUs(s.doneMs - s.sentMs))) this.clamped++;
    } else {
      this.measuredFailed++;
      bump1(st.failures, s.failure ?? 'unknown');
    }
  }

  sessionStarted(): void {
    this.live.sessionsStarted++;
  }

  sessionLost(signal: string, measured: boolean): void {
    if (!measured) return;
    this.lostEvents++;
    bump1(this.lostSignals, signal);
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
    if (outcome.kind === 'failed') this.live.sessionsFailed++;
    if (!measured) return;
    this.sessionsStarted++;
    if (outcome.kind === 'ok') this.sessionsOk++;
    else if (outcome.kind === 'recovered') this.sessionsRecovered++;
    else {
      this.sessionsFailed++;
      bump1(this.failedByReason, outcome.reason satisfies SessionFailureReason);
    }
  }

  snapshot(): CellMetricsSnapshot {
    const steps: Partial<Record<RequestStep, StepReport>> = {};
    for (const [step, st] of this.steps) {
      steps[step] = {
        total: st.total,
        ok: st.ok,
        byStatus: { ...st.byStatus },
        failures: { ...st.failures },
        corrected: summarize(st.corrected),
        uncorrected: summarize(st.uncorrected),
        correctedHdr: encodeHistogram(st.corrected),
        uncorrectedHdr: encodeHistogram(st.uncorrected),
      };
    }
    const timings: Partial<Record<SessionTiming, { summary: HistogramSummary | undefined; hdr: string }>> = {};
    for (const [t, h] of this.timings) timings[t] = { summary: summarize(h), hdr: encodeHistogram(h) };
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
      },
      measuredRequests: this.measuredRequests,
      measuredFailedRequests: this.measuredFailed,
      http404: { count: this.http404, postInitializeRequests: this.postInit },
      requestsByReplica: { ...this.byReplica },
      allRequests: structuredClone(this.all),
      clampedValues: this.clamped,
    };
  }

  private stepStats(step: RequestStep): StepStats {
    let st = this.steps.get(step);
    if (!st) {
      st = { total: 0, ok: 0, byStatus: {}, failures: {}, corrected: newHistogram(), uncorrected: newHistogram() };
      this.steps.set(step, st);
    }
    return st;
  }
}

export type { Count2 };
