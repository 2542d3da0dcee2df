/**
 * The names, units and directions of every per-cell figure a user may threshold, compare or track.
 * It lives in config/ because the scenario's `thresholds` section is validated against it (config/
 * cannot import results/); how each figure is read from a result and which test compares it is in
 * results/cell-figures.ts, whose registry must cover every name listed here (the compiler checks).
 */

export const FIGURE_NAMES = [
  'callP50',
  'callP99',
  'setupP50',
  'setupP99',
  'errorRate',
  'failedSessionRate',
  'http404Share',
  'serverCpuPerSession',
  'serverCpuPerCall',
  'serverCpuPerRequest',
  'balancerCpuPerSession',
  'achievedRate',
  'capacity',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

/**
 * How a figure's value reads and how a threshold's limit is written:
 * - `latency-us`, `cpu-us`: microseconds; limits as `50ms`, `800us` (or `µs`), `1.5s`;
 * - `fraction`: 0..1; limits as `0.1%` or a plain fraction `0.001`;
 * - `per-second`: a rate; limits as `19/s` or a plain number.
 */
export type FigureUnit = 'latency-us' | 'cpu-us' | 'fraction' | 'per-second';

/** The same words as stats/verdict.ts `Direction`. */
export type FigureDirection = 'lower-is-better' | 'higher-is-better';

export interface FigureInfo {
  readonly unit: FigureUnit;
  readonly direction: FigureDirection;
  /** Short label for tables, e.g. "call p99". */
  readonly label: string;
  readonly description: string;
  /** Which command measures it: `run` figures come from every run, `size` figures only from a sizing result. */
  readonly producedBy: 'run' | 'size';
}

const LOWER = 'lower-is-better';

export const FIGURE_CATALOG: Readonly<Record<FigureName, FigureInfo>> = {
  callP50: { unit: 'latency-us', direction: LOWER, label: 'call p50', producedBy: 'run', description: 'tool-call latency p50, from the intended send time (coordinated-omission corrected), successful calls' },
  callP99: { unit: 'latency-us', direction: LOWER, label: 'call p99', producedBy: 'run', description: 'tool-call latency p99, from the intended send time (coordinated-omission corrected), successful calls' },
  setupP50: { unit: 'latency-us', direction: LOWER, label: 'setup p50', producedBy: 'run', description: 'session setup p50 (legacy: scheduled start to the session being usable)' },
  setupP99: { unit: 'latency-us', direction: LOWER, label: 'setup p99', producedBy: 'run', description: 'session setup p99 (legacy: scheduled start to the session being usable)' },
  errorRate: { unit: 'fraction', direction: LOWER, label: 'request errors', producedBy: 'run', description: 'share of measured requests that failed' },
  failedSessionRate: { unit: 'fraction', direction: LOWER, label: 'failed sessions', producedBy: 'run', description: 'share of measured sessions that failed' },
  http404Share: { unit: 'fraction', direction: LOWER, label: '404 share', producedBy: 'run', description: 'share of the requests after initialize answered 404 (session not found)' },
  serverCpuPerSession: { unit: 'cpu-us', direction: LOWER, label: 'server CPU/session', producedBy: 'run', description: 'replica CPU in the measured window per logical session' },
  serverCpuPerCall: { unit: 'cpu-us', direction: LOWER, label: 'server CPU/call', producedBy: 'run', description: 'replica CPU in the measured window per tool call' },
  serverCpuPerRequest: { unit: 'cpu-us', direction: LOWER, label: 'server CPU/request', producedBy: 'run', description: 'replica CPU in the measured window per HTTP request' },
  balancerCpuPerSession: { unit: 'cpu-us', direction: LOWER, label: 'balancer CPU/session', producedBy: 'run', description: 'balancer CPU in the measured window per logical session' },
  achievedRate: { unit: 'per-second', direction: 'higher-is-better', label: 'achieved rate', producedBy: 'run', description: 'starts per second the generator achieved in the measured window (sessions, or requests for unit requests)' },
  capacity: { unit: 'per-second', direction: 'higher-is-better', label: 'capacity', producedBy: 'size', description: 'highest rate meeting the SLO, from a `size` result (status found only)' },
};
