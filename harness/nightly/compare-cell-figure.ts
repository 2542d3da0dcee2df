import { decodeHistogram } from '../metrics/histogram.js';
import { type CellFigure, type FigureCell, type FigureEvidence, repetitionValues } from '../results/cell-figures.js';
import type { ComparisonBasis, ComparisonSettings, FigureComparison } from '../results/run-comparison.js';
import { compareDistributions, compareRates, type DistributionComparison } from '../stats/compare-figure.js';

/** Fewer values than this on a side: repetitions or seconds are not used (the next basis is). */
export const MIN_VALUES = 3;

/**
 * Compares one figure of one cell between two runs, on the best evidence both runs have:
 * repetitions (≥ 3 a side), else by the figure's kind — per-second series for latency and rates of
 * starts, event counts for error rates — else the histogram, else nothing (one value per run).
 *
 * A histogram alone never calls a change: it treats requests within a run as independent and cannot
 * see run-to-run noise, so its intervals are too narrow (docs/statistics.md). Its improved or
 * regressed becomes too noisy, with the histogram's own numbers in the reason. So does a change in a
 * figure the generator measured when either run's generator was saturated.
 */
export function compareCellFigure(figure: CellFigure, baseline: FigureCell, candidate: FigureCell, settings: ComparisonSettings): FigureComparison | undefined {
  const judged = judgeFigure(figure, baseline, candidate, settings);
  if (!judged || (judged.verdict !== 'improved' && judged.verdict !== 'regressed') || figure.measuredBy !== 'generator') return judged;
  const doubt = [untrusted(baseline, 'baseline'), untrusted(candidate, 'candidate')].filter((x) => x !== undefined);
  if (doubt.length === 0) return judged;
  return { ...judged, verdict: 'too-noisy', reason: `would be ${judged.verdict} (${judged.reason}), but ${doubt.join('; ')}` };
}

/**
 * Why a cell's client-side figures describe more than the servers: the harness's own verdicts on the
 * cell (a saturated generator, client and replica counts that disagree).
 */
function untrusted(cell: FigureCell, side: string): string | undefined {
  if (cell.generator?.saturated) return `the ${side}'s generator was saturated (${cell.generator.saturationReasons.join('; ')}): its figures describe the generator as much as the servers`;
  if (cell.reconciliation?.state === 'mismatch') return `the ${side}'s client and replica counts differ`;
  return undefined;
}

function judgeFigure(figure: CellFigure, baseline: FigureCell, candidate: FigureCell, settings: ComparisonSettings): FigureComparison | undefined {
  const a = figure.value(baseline);
  const b = figure.value(candidate);
  if (a === undefined && b === undefined) return undefined;
  const common = {
    figure: figure.name,
    label: figure.label,
    unit: figure.unit,
    direction: figure.direction,
    baseline: a,
    candidate: b,
    change: a !== undefined && b !== undefined && a !== 0 ? b / a - 1 : undefined,
  };
  if (a === undefined || b === undefined) {
    return { ...common, basis: 'single', samples: undefined, interval: undefined, pValue: undefined, verdict: 'not-measured', reason: `measured in the ${a === undefined ? 'candidate' : 'baseline'} only` };
  }
  const options = { direction: figure.direction, minEffect: settings.minEffect, alpha: settings.alpha, confidence: settings.confidence, seed: settings.seed };

  const repsA = repetitionValues(baseline, figure);
  const repsB = repetitionValues(candidate, figure);
  if (repsA.length >= MIN_VALUES && repsB.length >= MIN_VALUES) {
    return fromDistribution(common, 'repetitions', compareDistributions({ values: repsA }, { values: repsB }, 0.5, options), settings);
  }
  const ea = figure.evidence(baseline) as FigureEvidence;
  const eb = figure.evidence(candidate) as FigureEvidence;
  if (ea.kind === 'proportion' && eb.kind === 'proportion') {
    const r = compareRates(ea, eb, { minEffect: settings.minEffect, alpha: settings.alpha, confidence: settings.confidence });
    return {
      ...common,
      basis: 'counts',
      samples: [ea.trials, eb.trials],
      interval: { ...r.relativeChange, confidence: settings.confidence },
      pValue: r.test.pValue,
      verdict: r.verdict,
      reason: `${ea.events}/${ea.trials} → ${eb.events}/${eb.trials} (${r.test.method}): ${r.reason}`,
    };
  }
  const seriesA = 'perSecond' in ea ? ea.perSecond : [];
  const seriesB = 'perSecond' in eb ? eb.perSecond : [];
  if (seriesA.length >= MIN_VALUES && seriesB.length >= MIN_VALUES) {
    const ordered = { ordered: true } as const;
    return fromDistribution(common, 'per-second', compareDistributions({ values: seriesA, ...ordered }, { values: seriesB, ...ordered }, 0.5, options), settings);
  }
  if (ea.kind === 'distribution' && eb.kind === 'distribution') {
    const d = compareDistributions({ histogram: decodeHistogram(ea.hdr) }, { histogram: decodeHistogram(eb.hdr) }, ea.quantile, options);
    const judged = fromDistribution(common, 'histogram', d, settings);
    if (judged.verdict !== 'improved' && judged.verdict !== 'regressed') return judged;
    const seconds = seriesA.length === 0 && seriesB.length === 0 ? 'no per-second series' : `${seriesA.length} and ${seriesB.length} seconds`;
    return { ...judged, verdict: 'too-noisy', reason: `histogram says ${judged.verdict} (${d.reason}), but one histogram per run cannot tell a change from run-to-run noise (${seconds}); repeat the runs or track the figure in a history` };
  }
  return {
    ...common,
    basis: 'single',
    samples: [repsA.length || 1, repsB.length || 1],
    interval: undefined,
    pValue: undefined,
    verdict: 'too-noisy',
    reason: 'one value per run: nothing to tell a change from run-to-run noise; repeat the runs (3 or more repetitions) or track the figure in a history',
  };
}

type Common = Pick<FigureComparison, 'figure' | 'label' | 'unit' | 'direction' | 'baseline' | 'candidate' | 'change'>;

function fromDistribution(common: Common, basis: ComparisonBasis, d: DistributionComparison, settings: ComparisonSettings): FigureComparison {
  const tested = basis === 'histogram' ? `p${Math.round(d.interval.quantile * 100)} of every request` : `median of the ${basis === 'per-second' ? 'per-second values' : 'repetitions'}`;
  return {
    ...common,
    basis,
    samples: [d.test.sizeA, d.test.sizeB],
    interval: Number.isFinite(d.relativeChange.point) ? { ...d.relativeChange, confidence: settings.confidence } : undefined,
    pValue: d.test.pValue,
    verdict: d.verdict,
    reason: `${tested}, ${d.test.sizeA} vs ${d.test.sizeB}: ${d.reason}`,
  };
}
