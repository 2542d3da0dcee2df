import { CELL_FIGURES, type FigureCell } from '../results/cell-figures.js';
import { fingerprintDifferences } from '../results/environment-fingerprint.js';
import type { RunResult } from '../results/result-types.js';
import type { CellComparison, ComparisonSettings, FigureVerdict, RunComparison } from '../results/run-comparison.js';
import { runIdentity } from '../results/run-identity.js';
import { scenarioDifferences } from '../results/scenario-hash.js';
import { DEFAULT_ALPHA, DEFAULT_MIN_EFFECT } from '../stats/verdict.js';
import { DEFAULT_CONFIDENCE, DEFAULT_SEED } from '../stats/resample.js';
import { compareCellFigure } from './compare-cell-figure.js';

export const DEFAULT_COMPARISON_SETTINGS: ComparisonSettings = { minEffect: DEFAULT_MIN_EFFECT, alpha: DEFAULT_ALPHA, confidence: DEFAULT_CONFIDENCE, seed: DEFAULT_SEED };

/**
 * Compares every figure of every cell the two runs share (matched by cell id), and lists the cells
 * present in one run only. Deterministic: the bootstraps are seeded.
 */
export function compareRuns(baseline: RunResult, candidate: RunResult, settings: ComparisonSettings = DEFAULT_COMPARISON_SETTINGS): RunComparison {
  const a = runIdentity(baseline);
  const b = runIdentity(candidate);
  const candidateCells = new Map(candidate.cells.map((c) => [c.id, c as FigureCell]));
  const baselineIds = new Set(baseline.cells.map((c) => c.id));
  const cells: CellComparison[] = [];
  for (const base of baseline.cells as readonly FigureCell[]) {
    const cand = candidateCells.get(base.id);
    if (!cand) continue;
    const figures = CELL_FIGURES.flatMap((f) => compareCellFigure(f, base, cand, settings) ?? []);
    cells.push({ cellId: base.id, figures });
  }
  return {
    baseline: a,
    candidate: b,
    fingerprintDifferences: fingerprintDifferences(a.fingerprint, b.fingerprint),
    scenarioDifferences: a.scenarioHash === b.scenarioHash ? [] : scenarioDifferences(baseline.scenario, candidate.scenario),
    settings,
    cells,
    onlyInBaseline: baseline.cells.filter((c) => !candidateCells.has(c.id)).map((c) => c.id),
    onlyInCandidate: candidate.cells.filter((c) => !baselineIds.has(c.id)).map((c) => c.id),
  };
}

/** How many figures got each verdict. */
export function verdictCounts(comparison: RunComparison): Record<FigureVerdict, number> {
  const counts: Record<FigureVerdict, number> = { regressed: 0, improved: 0, unchanged: 0, 'too-noisy': 0, 'not-measured': 0 };
  for (const c of comparison.cells) for (const f of c.figures) counts[f.verdict]++;
  return counts;
}
