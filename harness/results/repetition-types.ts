/** What one repetition of a cell measured, compactly: the table's figures and their per-second series. */
export interface RepetitionFigures {
  /** 1-based, in execution order (repetitions are interleaved across cells). */
  readonly repetition: number;
  readonly status: string;
  readonly startedAt: string;
  /** The cell's key step (tools/call for the tools flow) from the intended time, µs. */
  readonly keyP50Us: number | undefined;
  readonly keyP99Us: number | undefined;
  readonly setupP50Us: number | undefined;
  readonly setupP99Us: number | undefined;
  /** Failed requests ÷ measured requests. */
  readonly requestErrorRate: number | undefined;
  readonly failedSessionRate: number | undefined;
  readonly serverUsPerSession: number | undefined;
  readonly serverUsPerCall: number | undefined;
  readonly balancerUsPerSession: number | undefined;
  readonly achievedPerSec: number | undefined;
  readonly saturated: boolean;
  readonly reconciliation: string | undefined;
  /** Every registry figure this repetition measured (results/cell-figures.ts), by name: what compare and history test. */
  readonly figures: Readonly<Partial<Record<string, number>>>;
  /** Measured seconds only, in order: the key step's per-second p50 and p99 (µs), and the failure rate. */
  readonly perSecond: { readonly keyP50Us: readonly number[]; readonly keyP99Us: readonly number[]; readonly errorRate: readonly number[] };
}

/** A figure over repetitions: its point value, interval and how it was made. */
export interface RepetitionInterval {
  readonly point: number;
  readonly low: number;
  readonly high: number;
  /** The interval's actual coverage (order statistics over 3 repetitions reach 75 %, not 95 %). */
  readonly confidence: number;
  /**
   * `pooled-seconds`: the median of the per-second figure pooled over repetitions, with a two-level
   * bootstrap (repetitions, then blocks of seconds); `median-of-repetitions`: the median of one value
   * per repetition, with an order-statistics interval.
   */
  readonly method: 'pooled-seconds' | 'median-of-repetitions';
}

export interface RepetitionReport {
  readonly count: number;
  readonly runs: readonly RepetitionFigures[];
  /** keyP50Us, keyP99Us, setupP50Us, setupP99Us, requestErrorRate, serverUsPerSession, serverUsPerCall, balancerUsPerSession. */
  readonly summary: Readonly<Record<string, RepetitionInterval | undefined>>;
}
