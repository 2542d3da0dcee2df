import Table from 'cli-table3';
import type { Style } from '../output/format.js';
import { formatFigure } from '../results/cell-figures.js';
import type { FigureTrend, HistoryAnalysis, HistorySeries } from '../results/history-record.js';
import { signedPercent } from './nightly-text.js';

/** Console and Markdown renderings of a history analysis. */

const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as a bar sparkline, scaled between their min and max. */
export function sparkline(values: readonly number[], width = 24): string {
  const tail = values.slice(-width);
  const lo = Math.min(...tail);
  const hi = Math.max(...tail);
  return tail.map((v) => BARS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))]).join('');
}

export function changePointsText(t: FigureTrend, s: HistorySeries): string {
  if (t.changePoints.length === 0) return t.changePointsSkipped ? `— (${t.changePointsSkipped})` : 'none';
  return t.changePoints
    .map((p) => {
      const run = s.runs[p.runIndex];
      const git = run?.gitSha ? ` git ${run.gitSha.slice(0, 8)}` : '';
      return `run ${p.runIndex + 1} (${run?.time.slice(0, 10) ?? '?'}${git}): ${signedPercent(p.relativeChange)}${p.worse ? ' worse' : ' better'}`;
    })
    .join('; ');
}

export function newestText(t: FigureTrend): string {
  if (t.newest.status === 'insufficient') return `— (${t.newest.reason})`;
  if (t.newest.status === 'ok') return 'in line';
  return `OUTLIER ${signedPercent(t.newest.relativeChange)}${t.newest.worse ? ' worse' : ' better'} (z ${Number.isFinite(t.newest.z) ? t.newest.z.toFixed(1) : t.newest.z})`;
}

export function seriesTitle(s: HistorySeries): string {
  const from = s.runs[0]?.time ?? '?';
  const to = s.runs[s.runs.length - 1]?.time ?? '?';
  return `${s.scenario} (scenario ${s.scenarioHash}, environment ${s.fingerprintHash}): ${s.runs.length} run${s.runs.length === 1 ? '' : 's'}, ${from} … ${to}`;
}

function seriesTable(s: HistorySeries, style: Style): string {
  const table = new Table({ head: ['cell', 'figure', 'runs', 'first', 'newest', 'trend', 'change points', 'newest vs window'].map((h) => style.bold(h)), style: { head: [], border: [], compact: true } });
  for (const t of s.trends) {
    const flagged = t.newest.status === 'outlier' && t.newest.worse;
    const worseChange = t.changePoints.some((p) => p.worse);
    table.push([
      t.cellId,
      t.label,
      String(t.values.length),
      formatFigure(t, t.values[0]),
      formatFigure(t, t.values[t.values.length - 1]),
      sparkline(t.values),
      worseChange ? style.yellow(changePointsText(t, s)) : changePointsText(t, s),
      flagged ? style.red(newestText(t)) : newestText(t),
    ]);
  }
  return table.toString();
}

export function renderHistory(a: HistoryAnalysis, style: Style): string {
  const lines: string[] = [];
  if (a.series.length === 0) lines.push(`${a.file}: no runs`);
  a.series.forEach((s, i) => {
    if (i === 1) lines.push('', style.dim('Runs of another scenario or environment, kept apart (never mixed into the series above):'));
    lines.push('', (i === 0 ? style.bold : (x: string) => x)(seriesTitle(s)), seriesTable(s, style));
  });
  for (const skipped of a.skippedLines) lines.push(style.yellow(`! ${a.file} ${skipped}: left out`));
  return lines.join('\n').replace(/^\n/, '');
}

export function historyMarkdown(a: HistoryAnalysis): string {
  const lines = [`### mcp-lb-bench history: ${a.file}`, ''];
  const newest = a.series[0];
  if (!newest) return [...lines, 'No runs yet.', ''].join('\n');
  const flagged = newest.trends.filter((t) => t.newest.status === 'outlier' && t.newest.worse);
  const changes = newest.trends.filter((t) => t.changePoints.some((p) => p.worse));
  lines.push(seriesTitle(newest), '');
  lines.push(flagged.length === 0 ? '⚪ The newest run is in line with its trailing window on every figure.' : `🔴 The newest run is out of line on ${flagged.length} figure(s):`);
  for (const t of flagged) lines.push(`- **${t.cellId} ${t.label}**: ${formatFigure(t, t.values[t.values.length - 1])}; ${t.newest.reason}`);
  lines.push('');
  if (changes.length > 0) {
    lines.push('Change points for the worse:', '');
    for (const t of changes) lines.push(`- ${t.cellId} ${t.label}: ${changePointsText(t, newest)}`);
    lines.push('');
  }
  if (a.series.length > 1) lines.push(`${a.series.length - 1} other series (another scenario or environment) kept apart.`, '');
  return lines.join('\n');
}
