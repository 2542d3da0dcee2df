import { formatChange, formatFigure } from '../results/cell-figures.js';
import type { FigureComparison, RunComparison } from '../results/run-comparison.js';
import { compareDeltaChart } from './compare-delta-chart.js';
import { sectionOf, type Block, type ItemLevel } from './report-blocks.js';
import type { ReportChart, ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';

const WORDS: Record<FigureComparison['verdict'], string> = { regressed: 'regressed', improved: 'improved', unchanged: 'unchanged', 'too-noisy': 'too noisy', 'not-measured': 'in one run only' };

function figureTable(figures: readonly FigureComparison[]): ReportTable {
  return {
    head: ['figure', 'baseline', 'candidate', 'change', 'tested change', 'interval', 'basis', 'p', 'verdict'],
    numeric: [false, true, true, true, true, false, false, true, false],
    rows: figures.map((f) => [
      f.label,
      formatFigure(f, f.baseline),
      formatFigure(f, f.candidate),
      formatChange(f.change),
      formatChange(f.interval?.point),
      f.interval ? `${formatChange(f.interval.low)} … ${formatChange(f.interval.high)}` : '—',
      f.samples ? `${f.basis}, ${f.samples[0]} vs ${f.samples[1]}` : f.basis,
      f.pValue === undefined ? '—' : f.pValue < 0.001 ? f.pValue.toExponential(1) : f.pValue.toFixed(3),
      WORDS[f.verdict],
    ]),
  };
}

/** Per-figure deltas of a comparison, with their intervals: a chart and a table per cell. */
export function compareSection(c: RunComparison, idPrefix = ''): ReportSection {
  const blocks: Block[] = [];
  const findings: { text: string; level: ItemLevel }[] = [];
  if (c.fingerprintDifferences.length > 0) findings.push({ level: 'caution', text: `The runs measured different environments: ${c.fingerprintDifferences.join('; ')}. A change may come from the machine or software.` });
  if (c.scenarioDifferences.length > 0) findings.push({ level: 'caution', text: `The scenarios differ: ${c.scenarioDifferences.join('; ')}` });
  for (const cell of c.cells) {
    for (const f of cell.figures.filter((x) => x.verdict === 'regressed' || x.verdict === 'improved')) {
      findings.push({ level: f.verdict === 'regressed' ? 'error' : 'ok', text: `${cell.cellId} ${f.label} ${f.verdict}: ${formatFigure(f, f.baseline)} → ${formatFigure(f, f.candidate)}; ${f.reason}` });
    }
  }
  if (c.onlyInBaseline.length > 0) findings.push({ level: 'notice', text: `Cells in the baseline only: ${c.onlyInBaseline.join(', ')}` });
  if (c.onlyInCandidate.length > 0) findings.push({ level: 'notice', text: `Cells in the candidate only: ${c.onlyInCandidate.join(', ')}` });
  const git = (sha: string | undefined): string => (sha ? sha.slice(0, 12) : 'unknown');
  blocks.push({
    kind: 'paragraph',
    text: `Baseline ${c.baseline.runId} (git ${git(c.baseline.gitSha)}) against candidate ${c.candidate.runId} (git ${git(c.candidate.gitSha)}). Minimum effect ${(c.settings.minEffect * 100).toFixed(1)} %, α = ${c.settings.alpha}, ${(c.settings.confidence * 100).toFixed(0)} % intervals. The tested change is the figure's median over repetitions or seconds (or the histogram's quantile), so it can differ from the change of the whole-run values.`,
  });
  if (findings.length > 0) blocks.push({ kind: 'list', items: findings });
  const charts: ReportChart[] = [];
  for (const cell of c.cells) {
    const chart = compareDeltaChart(cell, c.settings.minEffect, `${idPrefix}compare-${cell.cellId}`);
    if (chart) charts.push(chart);
    blocks.push({ kind: 'heading', text: cell.cellId }, { kind: 'table', table: figureTable(cell.figures) });
    const reasons = cell.figures.map((f) => ({ text: `${f.label}: ${f.reason}` }));
    if (reasons.length > 0) blocks.push({ kind: 'details', summary: `${cell.cellId}: why each verdict`, blocks: [{ kind: 'list', items: reasons }] });
  }
  return sectionOf(`${idPrefix}compare`, 'Comparison', blocks, charts);
}
