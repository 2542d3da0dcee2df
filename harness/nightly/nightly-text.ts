import Table from 'cli-table3';
import type { Style } from '../output/format.js';
import { cellFigure, formatChange, formatFigure } from '../results/cell-figures.js';
import type { FigureComparison, FigureVerdict, RunComparison } from '../results/run-comparison.js';
import type { RunIdentity } from '../results/run-identity.js';
import { verdictCounts } from './compare-runs.js';
import type { ThresholdOutcome, ThresholdVerdict } from './evaluate-thresholds.js';

/** Console renderings of threshold outcomes and comparisons (the CLI prints them). */

/** "+12.3 %", "−4.0 %", "—". */
export const signedPercent = formatChange;

/** The tested interval and what it was tested on: "−12.0 % … +40.1 % (per-second, 5 vs 5)". */
export function intervalText(f: FigureComparison): string {
  const n = f.samples ? `, ${f.samples[0]} vs ${f.samples[1]}` : '';
  if (!f.interval) return `— (${f.basis}${n})`;
  return `${signedPercent(f.interval.low)} … ${signedPercent(f.interval.high)} (${f.basis}${n})`;
}

export const VERDICT_WORDS: Readonly<Record<FigureVerdict, string>> = {
  regressed: 'regressed',
  improved: 'improved',
  unchanged: 'unchanged',
  'too-noisy': 'too noisy',
  'not-measured': 'in one run only',
};

export const THRESHOLD_WORDS: Readonly<Record<ThresholdVerdict, string>> = { pass: 'pass', fail: 'FAIL', 'no-data': 'FAIL (no data)', 'not-applicable': 'n/a' };

export function identityLine(label: string, r: RunIdentity): string {
  const git = r.gitSha ? `git ${r.gitSha.slice(0, 12)}${r.gitDirty ? ' (dirty)' : ''}` : 'git unknown';
  return `${label}: ${r.runId} (${r.scenario}, ${r.startedAt}, ${git})`;
}

export function renderThresholdTable(outcomes: readonly ThresholdOutcome[], style: Style): string {
  const failed = outcomes.filter((o) => o.verdict === 'fail' || o.verdict === 'no-data').length;
  const table = new Table({ head: ['threshold', 'cell', 'observed', 'verdict'].map((h) => style.bold(h)), style: { head: [], border: [], compact: true } });
  for (const o of outcomes) {
    const word = THRESHOLD_WORDS[o.verdict];
    const paint = o.verdict === 'pass' ? (s: string) => s : o.verdict === 'not-applicable' ? style.dim : style.red;
    table.push([o.threshold.text, o.cellId, formatFigure(cellFigure(o.threshold.figure), o.observed), paint(word)]);
  }
  const head = failed === 0 ? `Thresholds: all ${outcomes.length} checks passed` : style.red(`Thresholds: ${failed} of ${outcomes.length} checks failed`);
  const notes = outcomes.filter((o) => o.verdict !== 'pass').map((o) => `  ${o.cellId}: ${o.threshold.text}: ${o.message}`);
  return [head, table.toString(), ...notes].join('\n');
}

export function renderComparison(c: RunComparison, style: Style): string {
  const lines: string[] = [];
  if (c.fingerprintDifferences.length > 0) {
    lines.push(style.yellow(`! The two runs measured different environments: ${c.fingerprintDifferences.join('; ')}. Differences below may come from the machine or software, not the change.`));
  }
  if (c.scenarioDifferences.length > 0) lines.push(style.yellow(`! The scenarios differ: ${c.scenarioDifferences.join('; ')}`));
  lines.push(identityLine('baseline ', c.baseline), identityLine('candidate', c.candidate));
  lines.push(style.dim(`minimum effect ${(c.settings.minEffect * 100).toFixed(1)} %, α ${c.settings.alpha}, ${(c.settings.confidence * 100).toFixed(0)} % intervals on the tested change`));
  const table = new Table({ head: ['cell', 'figure', 'baseline', 'candidate', 'change', 'tested change (interval, basis)', 'verdict'].map((h) => style.bold(h)), style: { head: [], border: [], compact: true } });
  for (const cell of c.cells) {
    for (const f of cell.figures) {
      const paint = f.verdict === 'regressed' ? style.red : f.verdict === 'improved' ? style.bold : f.verdict === 'unchanged' ? (s: string) => s : style.dim;
      table.push([cell.cellId, f.label, formatFigure(f, f.baseline), formatFigure(f, f.candidate), signedPercent(f.change), intervalText(f), paint(VERDICT_WORDS[f.verdict])]);
    }
  }
  if (c.cells.length > 0) lines.push(table.toString());
  for (const cell of c.cells) {
    for (const f of cell.figures.filter((x) => x.verdict === 'regressed' || x.verdict === 'improved')) {
      lines.push((f.verdict === 'regressed' ? style.red : style.bold)(`${f.verdict === 'regressed' ? '✗' : '✓'} ${cell.cellId} ${f.label} ${f.verdict}: ${f.reason}`));
    }
  }
  if (c.onlyInBaseline.length > 0) lines.push(style.yellow(`Cells in the baseline only: ${c.onlyInBaseline.join(', ')}`));
  if (c.onlyInCandidate.length > 0) lines.push(style.yellow(`Cells in the candidate only: ${c.onlyInCandidate.join(', ')}`));
  lines.push(summaryLine(c));
  return lines.join('\n');
}

export function summaryLine(c: RunComparison): string {
  const n = verdictCounts(c);
  return `${n.regressed} regressed, ${n.improved} improved, ${n.unchanged} unchanged, ${n['too-noisy']} too noisy, ${n['not-measured']} in one run only (${c.cells.length} cells compared)`;
}
