import Table from 'cli-table3';
import { MATRIX_DIMENSIONS } from '../config/matrix-dimensions.js';
import type { RepetitionInterval } from '../results/repetition-types.js';
import type { CellResult } from '../results/result-types.js';
import { withinNoise } from '../stats/repetition-summary.js';
import { fmtMsFromUs, fmtNum, MISSING, type Style } from './format.js';

function interval(i: RepetitionInterval | undefined, show: (v: number) => string): string {
  if (!i) return MISSING;
  if (i.low === i.high && i.point === i.low && i.method === 'median-of-repetitions') return `${show(i.point)} (one value)`;
  const cov = i.method === 'median-of-repetitions' && i.confidence < 0.945 ? ` (${Math.round(i.confidence * 100)}%)` : '';
  return `${show(i.point)} [${show(i.low)}–${show(i.high)}]${cov}`;
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const msFromUs = (v: number): string => fmtMsFromUs(v);

/** Below this many repetitions a side, figures with one value per run are not compared. */
const MIN_RUNS_FOR_PER_RUN_TEST = 4;

/** Cells of one run that differ in exactly one matrix dimension: the comparisons a reader makes. */
function comparablePairs(cells: readonly CellResult[]): Array<[CellResult, CellResult]> {
  const pairs: Array<[CellResult, CellResult]> = [];
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const a = cells[i] as CellResult;
      const b = cells[j] as CellResult;
      const differing = MATRIX_DIMENSIONS.filter((d) => a[d] !== b[d]);
      if (differing.length === 1) pairs.push([a, b]);
    }
  }
  return pairs;
}

/**
 * Under the headline table when cells ran more than once: each figure's median over the repetitions
 * with its interval, then the comparisons that lie within noise (those differences are not findings).
 */
export function renderRepetitionTable(cells: readonly CellResult[], style: Style): string | undefined {
  const repeated = cells.filter((c) => c.repetitions && c.repetitions.count > 1 && c.status !== 'not-run');
  if (repeated.length === 0) return undefined;
  const table = new Table({
    head: ['cell', 'runs', 'call ms p50\nmedian [95% interval]', 'call ms p99\nmedian [95% interval]', 'req err %\nmedian [interval]', 'setup ms p50\nmedian [interval]', 'srv CPU ms/session\nmedian [interval]', 'LB CPU µs/session\nmedian [interval]'].map((h) => style.bold(h)),
    style: { head: [], border: [] },
  });
  for (const c of repeated) {
    const s = c.repetitions!.summary;
    table.push([
      c.id,
      String(c.repetitions!.count),
      interval(s['keyP50Us'], msFromUs),
      interval(s['keyP99Us'], msFromUs),
      interval(s['requestErrorRate'], pct),
      interval(s['setupP50Us'], msFromUs),
      interval(s['serverUsPerSession'], msFromUs),
      interval(s['balancerUsPerSession'], (v) => fmtNum(v)),
    ]);
  }
  const notes: string[] = [
    style.dim(
      `Latency and error rate: the median of the per-second figure pooled over repetitions, 95 % interval from a two-level bootstrap (repetitions, then blocks of seconds). Setup and CPU: the median of one value per repetition, interval from order statistics (its coverage in parentheses when below 95 %); with fewer than ${MIN_RUNS_FOR_PER_RUN_TEST} repetitions they are not compared between cells.`,
    ),
  ];
  for (const [a, b] of comparablePairs(repeated)) {
    for (const [name, pick] of [
      ['call p50', (c: CellResult) => c.repetitions!.runs.map((r) => r.perSecond.keyP50Us)],
      ['call p99', (c: CellResult) => c.repetitions!.runs.map((r) => r.perSecond.keyP99Us)],
      ['server CPU per session', (c: CellResult) => c.repetitions!.runs.map((r) => (r.serverUsPerSession === undefined ? [] : [r.serverUsPerSession]))],
    ] as const) {
      const sa = pick(a).filter((x) => x.length > 0);
      const sb = pick(b).filter((x) => x.length > 0);
      // One value per repetition: a rank test cannot reach p < 0.05 with fewer than 4 a side, so say nothing.
      const perRun = sa.every((x) => x.length === 1) && sb.every((x) => x.length === 1);
      if (sa.length === 0 || sb.length === 0 || (perRun && Math.min(sa.length, sb.length) < MIN_RUNS_FOR_PER_RUN_TEST)) continue;
      const w = withinNoise(sa, sb);
      if (w.withinNoise) notes.push(style.yellow(`≈ ${a.id} vs ${b.id}: ${name} ${w.reason} — do not read this difference as a finding`));
    }
  }
  return table.toString() + '\n' + notes.join('\n');
}
