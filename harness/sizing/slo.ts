import { invalidSetting } from '../stats/invalid-setting.js';

/**
 * The service-level objective a sizing step must meet. Every limit is optional, but at least one
 * must be set. Latency is tool-call latency measured from the intended send time (open loop,
 * coordinated-omission corrected), so a saturated step shows its queueing in the p99.
 */
export interface Slo {
  /** Tool-call p99 limit, µs. */
  readonly callP99Us?: number;
  /** Failed requests / all requests, a fraction (0.001 = 0.1 %). */
  readonly requestErrorRate?: number;
  /** Failed sessions / all sessions, a fraction. */
  readonly failedSessionRate?: number;
  /** Fewer tool calls than this: the p99 is not judged and the step does not meet the SLO. Default 1. */
  readonly minCalls?: number;
}

/** What one step measured, as far as the SLO is concerned. */
export interface StepFigures {
  /** Undefined when no call completed. */
  readonly callP99Us: number | undefined;
  readonly calls: number;
  readonly requests: number;
  readonly failedRequests: number;
  readonly sessions: number;
  readonly failedSessions: number;
}

export type SloFigure = 'callP99Us' | 'requestErrorRate' | 'failedSessionRate' | 'calls';

export interface SloViolation {
  readonly figure: SloFigure;
  readonly observed: number | undefined;
  readonly limit: number;
  readonly message: string;
}

export interface SloCheck {
  readonly met: boolean;
  readonly violations: readonly SloViolation[];
}

export function checkSlo(figures: StepFigures, slo: Slo): SloCheck {
  validateSlo(slo);
  const violations: SloViolation[] = [];
  const minCalls = slo.minCalls ?? 1;
  if (slo.callP99Us !== undefined) {
    if (figures.calls < minCalls || figures.callP99Us === undefined) {
      violations.push({ figure: 'calls', observed: figures.calls, limit: minCalls, message: `${figures.calls} tool calls completed; judging p99 needs ${minCalls}` });
    } else if (figures.callP99Us > slo.callP99Us) {
      violations.push({ figure: 'callP99Us', observed: figures.callP99Us, limit: slo.callP99Us, message: `call p99 ${figures.callP99Us} µs > ${slo.callP99Us} µs` });
    }
  }
  rate('requestErrorRate', figures.failedRequests, figures.requests, slo.requestErrorRate, 'requests');
  rate('failedSessionRate', figures.failedSessions, figures.sessions, slo.failedSessionRate, 'sessions');
  return { met: violations.length === 0, violations };

  function rate(figure: SloFigure, failed: number, total: number, limit: number | undefined, what: string): void {
    if (limit === undefined) return;
    // Nothing attempted is not a pass: the step delivered no load to judge.
    const observed = total > 0 ? failed / total : undefined;
    if (observed === undefined || observed > limit) {
      const shown = observed === undefined ? `no ${what}` : `${(observed * 100).toFixed(3)} % of ${what} failed`;
      violations.push({ figure, observed, limit, message: `${shown} (limit ${(limit * 100).toFixed(3)} %)` });
    }
  }
}

/** Throws a RangeError naming the field when the SLO cannot be judged. */
export function validateSlo(slo: Slo): void {
  if (slo.callP99Us === undefined && slo.requestErrorRate === undefined && slo.failedSessionRate === undefined) {
    throw invalidSetting('the SLO sets no limit: give callP99Us, requestErrorRate or failedSessionRate');
  }
  if (slo.callP99Us !== undefined && !(slo.callP99Us > 0)) throw invalidSetting(`slo.callP99Us must be > 0 µs (got ${slo.callP99Us})`);
  for (const key of ['requestErrorRate', 'failedSessionRate'] as const) {
    const v = slo[key];
    if (v !== undefined && !(v >= 0 && v < 1)) throw invalidSetting(`slo.${key} must be a fraction in [0, 1), e.g. 0.001 for 0.1 % (got ${v})`);
  }
}
