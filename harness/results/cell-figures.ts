import { FIGURE_CATALOG, FIGURE_NAMES, type FigureInfo, type FigureName } from '../config/figure-catalog.js';
import type { RequestStep } from '../metrics/steps.js';
import type { Direction } from '../stats/verdict.js';
import type { CellResult } from './result-types.js';

export { FIGURE_CATALOG, FIGURE_NAMES, type FigureName } from '../config/figure-catalog.js';

// The catalog spells directions as the statistics core does (config/ cannot import stats/): the
// compiler keeps the two the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const DIRECTIONS_MATCH_STATS: Same<FigureInfo['direction'], Direction> = true;

/**
 * The registry of per-cell figures: for every name in config/figure-catalog.ts, how to read its value
 * from a cell and what a comparison tests it on. Thresholds, `compare`, `history` and their reports
 * all read figures through here, so a new figure is one more catalog entry and one more entry below.
 */

/** What a `size` result says about a cell. A cell of a sizing result carries it as `capacity`. */
export interface CellCapacity {
  /** 'found' is the only status with a capacity; the others are bounds (see sizing/capacity-search.ts). */
  readonly status: string;
  readonly capacityPerSec: number | undefined;
}

/** A cell as figures are read from: a run's cell (with its repetitions, when it ran more than once), or a sizing result's. */
export type FigureCell = CellResult & {
  readonly capacity?: CellCapacity | undefined;
};

/**
 * What a comparison tests a figure on, besides repetitions (which every figure uses when there are
 * enough of them):
 * - `distribution`: the merged HDR histogram (compressed base64) and the quantile the figure is, plus
 *   the per-second series of the same quantile over the measured window;
 * - `proportion`: events out of trials (two-proportion test);
 * - `series`: a per-second series of the figure itself;
 * - `single`: one value per run, nothing to test it on within a run.
 */
export type FigureEvidence =
  | { readonly kind: 'distribution'; readonly hdr: string; readonly quantile: number; readonly perSecond: readonly number[] }
  | { readonly kind: 'proportion'; readonly events: number; readonly trials: number }
  | { readonly kind: 'series'; readonly perSecond: readonly number[] }
  | { readonly kind: 'single' };

export interface CellFigure extends FigureInfo {
  readonly name: FigureName;
  /** One line for docs and reports: which test a comparison applies. */
  readonly test: string;
  /**
   * Who measured it: the generator (latency, errors, rates: a saturated generator distorts them) or
   * the replicas and balancer (CPU, from the kernel's accounting).
   */
  readonly measuredBy: 'generator' | 'servers';
  /** The figure's value in the catalog's unit; undefined when the cell did not measure it. */
  value(cell: FigureCell): number | undefined;
  /** What to test it on; undefined when the cell did not measure it. */
  evidence(cell: FigureCell): FigureEvidence | undefined;
}

/** The step carrying the flow's tool calls: tools/call, add_item on a basket handle, the call that starts a task. */
const CALL_STEP: Readonly<Record<string, RequestStep>> = { tools: 'call', basket: 'handle-use', tasks: 'task-start' };

export function callStepOf(flow: string): RequestStep {
  return CALL_STEP[flow] ?? 'call';
}

function measuredSeconds(cell: CellResult) {
  return (cell.timeSeries ?? []).filter((p) => p.phase === 'measured');
}

function stepLatency(quantile: 0.5 | 0.99): Pick<CellFigure, 'value' | 'evidence'> {
  const key = quantile === 0.5 ? 'p50Us' : 'p99Us';
  return {
    value: (c) => c.metrics?.steps[callStepOf(c.flow)]?.corrected?.[key],
    evidence: (c) => {
      const step = callStepOf(c.flow);
      const report = c.metrics?.steps[step];
      if (!report?.corrected) return undefined;
      const perSecond = measuredSeconds(c).flatMap((p) => {
        const s = p.latency[step];
        return s && s.count > 0 ? [s[key]] : [];
      });
      return { kind: 'distribution', hdr: report.correctedHdr, quantile, perSecond };
    },
  };
}

function setupLatency(quantile: 0.5 | 0.99): Pick<CellFigure, 'value' | 'evidence'> {
  return {
    value: (c) => c.metrics?.timings['session-setup']?.summary?.[quantile === 0.5 ? 'p50Us' : 'p99Us'],
    evidence: (c) => {
      const t = c.metrics?.timings['session-setup'];
      // Session timings have no per-second series: the histogram is all there is within a run.
      return t?.summary ? { kind: 'distribution', hdr: t.hdr, quantile, perSecond: [] } : undefined;
    },
  };
}

function proportion(count: (c: CellResult) => { events: number; trials: number } | undefined): Pick<CellFigure, 'value' | 'evidence'> {
  const counted = (c: CellResult) => {
    const n = count(c);
    return n && n.trials > 0 ? n : undefined;
  };
  return {
    value: (c) => {
      const n = counted(c);
      return n ? n.events / n.trials : undefined;
    },
    evidence: (c) => {
      const n = counted(c);
      return n ? { kind: 'proportion', ...n } : undefined;
    },
  };
}

function single(read: (c: FigureCell) => number | undefined): Pick<CellFigure, 'value' | 'evidence'> {
  const value = (c: FigureCell) => {
    const v = read(c);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  return { value, evidence: (c) => (value(c) === undefined ? undefined : { kind: 'single' }) };
}

const LATENCY_TEST = 'Mann-Whitney U and a bootstrap interval on the quantile: per repetition, else per second, else the histogram';
const RATE_TEST = 'two-proportion test (Fisher exact for rare events) with a Newcombe interval';
const SINGLE_TEST = 'one value per run: tested only across repetitions (history tracks it across runs)';

const ENTRIES: { readonly [K in FigureName]: Pick<CellFigure, 'value' | 'evidence' | 'test' | 'measuredBy'> } = {
  callP50: { ...stepLatency(0.5), test: LATENCY_TEST, measuredBy: 'generator' },
  callP99: { ...stepLatency(0.99), test: LATENCY_TEST, measuredBy: 'generator' },
  setupP50: { ...setupLatency(0.5), test: LATENCY_TEST, measuredBy: 'generator' },
  setupP99: { ...setupLatency(0.99), test: LATENCY_TEST, measuredBy: 'generator' },
  errorRate: {
    ...proportion((c) => (c.metrics ? { events: c.metrics.measuredFailedRequests, trials: c.metrics.measuredRequests } : undefined)),
    test: RATE_TEST,
    measuredBy: 'generator',
  },
  failedSessionRate: {
    ...proportion((c) => (c.metrics ? { events: c.metrics.sessions.failed, trials: c.metrics.sessions.started } : undefined)),
    test: RATE_TEST,
    measuredBy: 'generator',
  },
  http404Share: {
    ...proportion((c) => (c.metrics ? { events: c.metrics.http404.count, trials: c.metrics.http404.postInitializeRequests } : undefined)),
    test: RATE_TEST,
    measuredBy: 'generator',
  },
  serverCpuPerSession: { ...single((c) => c.cost?.replicas.usPerSession), test: SINGLE_TEST, measuredBy: 'servers' },
  serverCpuPerCall: { ...single((c) => c.cost?.replicas.usPerCall), test: SINGLE_TEST, measuredBy: 'servers' },
  serverCpuPerRequest: { ...single((c) => c.cost?.replicas.usPerRequest), test: SINGLE_TEST, measuredBy: 'servers' },
  balancerCpuPerSession: { ...single((c) => c.cost?.balancer.usPerSession), test: SINGLE_TEST, measuredBy: 'servers' },
  achievedRate: {
    value: (c) => c.load?.achievedPerSec,
    evidence: (c) => {
      if (c.load === undefined) return undefined;
      const perSecond = measuredSeconds(c).map((p) => (c.load?.unit === 'requests' ? p.requests : p.sessionsStarted));
      return { kind: 'series', perSecond };
    },
    test: 'Mann-Whitney U and a bootstrap interval on the per-second rates',
    measuredBy: 'generator',
  },
  capacity: { ...single((c) => (c.capacity?.status === 'found' ? c.capacity.capacityPerSec : undefined)), test: SINGLE_TEST, measuredBy: 'generator' },
};

/** Every figure, in catalog order. */
export const CELL_FIGURES: readonly CellFigure[] = FIGURE_NAMES.map((name) => ({ name, ...FIGURE_CATALOG[name], ...ENTRIES[name] }));

export function cellFigure(name: FigureName): CellFigure {
  return CELL_FIGURES.find((f) => f.name === name) as CellFigure;
}

/** Every figure the cell measured, by name (what a history line and a repetition record keep). */
export function figureValues(cell: FigureCell): Partial<Record<FigureName, number>> {
  const out: Partial<Record<FigureName, number>> = {};
  for (const f of CELL_FIGURES) {
    const v = f.value(cell);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** The figure's value in each repetition that measured it (empty when the cell has no repetitions). */
export function repetitionValues(cell: FigureCell, figure: CellFigure): number[] {
  const out: number[] = [];
  for (const rep of cell.repetitions?.runs ?? []) {
    const v = rep.figures?.[figure.name];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** A figure's value as people read it: "12.3 ms", "850 µs", "0.12 %", "19.8/s"; "—" when not measured. */
export function formatFigure(figure: Pick<FigureInfo, 'unit'>, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  switch (figure.unit) {
    case 'latency-us':
    case 'cpu-us':
      if (Math.abs(value) >= 1_000_000) return `${trim(value / 1_000_000)} s`;
      if (Math.abs(value) >= 1000) return `${trim(value / 1000)} ms`;
      return `${trim(value)} µs`;
    case 'fraction':
      return `${trim(value * 100)} %`;
    case 'per-second':
      return `${trim(value)}/s`;
  }
}

/** A relative change as people read it: "+12.3 %", "−4.0 %", "0.0 %"; "—" when there is none. */
export function formatChange(fraction: number | undefined): string {
  if (fraction === undefined || Number.isNaN(fraction)) return '—';
  if (!Number.isFinite(fraction)) return fraction > 0 ? '+∞' : '−∞';
  const rounded = Number((fraction * 100).toFixed(1));
  if (rounded === 0) return '0.0 %';
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded).toFixed(1)} %`;
}

/** Three significant digits, no exponent, no trailing zeros. */
function trim(x: number): string {
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return String(Number(x.toFixed(Math.min(digits, 6))));
}
