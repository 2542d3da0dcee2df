import { cellFigure, formatFigure } from '../results/cell-figures.js';
import type { RunComparison } from '../results/run-comparison.js';
import type { RunIdentity } from '../results/run-identity.js';
import type { ThresholdOutcome } from './evaluate-thresholds.js';
import { intervalText, signedPercent, summaryLine, THRESHOLD_WORDS, VERDICT_WORDS } from './nightly-text.js';

/** Markdown fit for a pull-request comment or a GitHub job summary (`--summary-md`). */

const ICON = { pass: '✅', fail: '❌', 'no-data': '❌', 'not-applicable': '➖' } as const;
const VERDICT_ICON = { regressed: '🔴', improved: '🟢', unchanged: '⚪', 'too-noisy': '🟡', 'not-measured': '⚠️' } as const;

/** A table cell: pipes and line breaks would end the cell or the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function row(values: readonly string[]): string {
  return `| ${values.map(cell).join(' | ')} |`;
}

function runLine(label: string, r: RunIdentity): string {
  const git = r.gitSha ? `\`${r.gitSha.slice(0, 12)}\`${r.gitDirty ? ' (dirty)' : ''}` : 'unknown';
  return `**${label}** \`${r.runId}\` · ${r.scenario} · ${r.startedAt} · git ${git}`;
}

export function thresholdsMarkdown(outcomes: readonly ThresholdOutcome[], run: RunIdentity): string {
  const failed = outcomes.filter((o) => o.verdict === 'fail' || o.verdict === 'no-data');
  const head = failed.length === 0 ? `✅ all ${outcomes.length} threshold checks passed` : `❌ ${failed.length} of ${outcomes.length} threshold checks failed`;
  const lines = [`### mcp-lb-bench thresholds: ${head}`, '', runLine('run', run), ''];
  if (outcomes.length === 0) return [...lines, 'The scenario has no thresholds.', ''].join('\n');
  lines.push(row(['', 'threshold', 'cell', 'observed', 'verdict']), row(['---', '---', '---', '---:', '---']));
  for (const o of outcomes) {
    lines.push(row([ICON[o.verdict], `\`${o.threshold.text}\``, o.cellId, formatFigure(cellFigure(o.threshold.figure), o.observed), THRESHOLD_WORDS[o.verdict]]));
  }
  const notes = outcomes.filter((o) => o.verdict !== 'pass');
  if (notes.length > 0) lines.push('', ...notes.map((o) => `- ${o.cellId}: ${o.message}`));
  return [...lines, ''].join('\n');
}

export function comparisonMarkdown(c: RunComparison): string {
  const regressed = c.cells.flatMap((x) => x.figures.filter((f) => f.verdict === 'regressed').map((f) => ({ cellId: x.cellId, f })));
  const title = regressed.length > 0 ? `🔴 ${regressed.length} regressed` : '⚪ no regression found';
  const lines = [`### mcp-lb-bench compare: ${title}`, ''];
  if (c.fingerprintDifferences.length > 0) {
    lines.push(`> ⚠️ **The runs measured different environments**: ${c.fingerprintDifferences.map((d) => `\`${d}\``).join(', ')}. A difference may come from the machine or software rather than the change.`, '');
  }
  if (c.scenarioDifferences.length > 0) lines.push(`> ⚠️ **The scenarios differ**: ${c.scenarioDifferences.map((d) => `\`${d}\``).join(', ')}`, '');
  lines.push(runLine('baseline', c.baseline) + '  ', runLine('candidate', c.candidate), '');
  lines.push(`${summaryLine(c)}. Minimum effect ${(c.settings.minEffect * 100).toFixed(1)} %, α = ${c.settings.alpha}, ${(c.settings.confidence * 100).toFixed(0)} % intervals.`, '');
  for (const { cellId, f } of regressed) lines.push(`- 🔴 **${cellId} ${f.label}**: ${formatFigure(f, f.baseline)} → ${formatFigure(f, f.candidate)}; ${f.reason}`);
  if (regressed.length > 0) lines.push('');
  if (c.cells.length > 0) {
    lines.push('<details><summary>Every figure</summary>', '');
    lines.push(row(['cell', 'figure', 'baseline', 'candidate', 'change', 'tested change', 'verdict']), row(['---', '---', '---:', '---:', '---:', '---', '---']));
    for (const x of c.cells) {
      for (const f of x.figures) {
        lines.push(row([x.cellId, f.label, formatFigure(f, f.baseline), formatFigure(f, f.candidate), signedPercent(f.change), intervalText(f), `${VERDICT_ICON[f.verdict]} ${VERDICT_WORDS[f.verdict]}`]));
      }
    }
    lines.push('', '</details>', '');
  }
  if (c.onlyInBaseline.length > 0) lines.push(`Cells in the baseline only: ${c.onlyInBaseline.join(', ')}`, '');
  if (c.onlyInCandidate.length > 0) lines.push(`Cells in the candidate only: ${c.onlyInCandidate.join(', ')}`, '');
  return lines.join('\n');
}
