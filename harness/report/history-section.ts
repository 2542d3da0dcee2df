import { FIGURE_NAMES } from '../config/figure-catalog.js';
import { formatChange, formatFigure } from '../results/cell-figures.js';
import type { HistoryAnalysis, HistorySeries } from '../results/history-record.js';
import { historyTrendChart } from './history-trend-chart.js';
import { sectionOf, type Block, type ItemLevel } from './report-blocks.js';
import type { ReportChart, ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';

function seriesTitle(s: HistorySeries): string {
  return `${s.scenario} (scenario ${s.scenarioHash}, environment ${s.fingerprintHash}): ${s.runs.length} runs, ${s.runs[0]?.time ?? '?'} … ${s.runs[s.runs.length - 1]?.time ?? '?'}`;
}

function trendTable(s: HistorySeries): ReportTable {
  return {
    head: ['cell', 'figure', 'runs', 'first', 'newest', 'change points (run: change of the mean)', 'newest vs trailing window'],
    numeric: [false, false, true, true, true, false, false],
    rows: s.trends.map((t) => [
      t.cellId,
      t.label,
      String(t.values.length),
      formatFigure(t, t.values[0]),
      formatFigure(t, t.values[t.values.length - 1]),
      t.changePoints.length > 0
        ? t.changePoints.map((p) => `run ${p.runIndex + 1}${s.runs[p.runIndex]?.gitSha ? ` (git ${s.runs[p.runIndex]?.gitSha?.slice(0, 8)})` : ''}: ${formatChange(p.relativeChange)}${p.worse ? ' worse' : ''}`).join('; ')
        : t.changePointsSkipped ? `— (${t.changePointsSkipped})` : 'none',
      t.newest.status === 'outlier' ? `out of line ${formatChange(t.newest.relativeChange)}${t.newest.worse ? ', worse' : ', better'}` : t.newest.status === 'ok' ? 'in line' : `— (${t.newest.reason})`,
    ]),
  };
}

/** Trend lines per figure (cells overlaid) with change points marked, and every trend as a table. */
export function historySection(a: HistoryAnalysis, idPrefix = ''): ReportSection {
  const blocks: Block[] = [];
  const charts: ReportChart[] = [];
  const newest = a.series[0];
  if (!newest) return sectionOf(`${idPrefix}history`, 'History', [{ kind: 'paragraph', text: `${a.file} holds no runs.` }]);
  blocks.push({ kind: 'paragraph', text: `${a.file}: ${seriesTitle(newest)}. Only runs of the same scenario hash on the same environment fingerprint form a series; change points come from e-divisive means (deterministic), the newest run is checked against the mean of the runs before it (> 4 σ and ≥ 5 %).` });
  const items: { text: string; level: ItemLevel }[] = [];
  for (const t of newest.trends) {
    if (t.newest.status === 'outlier') items.push({ level: t.newest.worse ? 'error' : 'ok', text: `${t.cellId} ${t.label}: the newest run is out of line: ${t.newest.reason}` });
    for (const p of t.changePoints.filter((x) => x.worse)) items.push({ level: 'caution', text: `${t.cellId} ${t.label}: a change point for the worse at run ${p.runIndex + 1} (${formatChange(p.relativeChange)})` });
  }
  if (items.length > 0) blocks.push({ kind: 'list', items });
  const cellIds = [...new Set(newest.trends.map((t) => t.cellId))];
  for (const name of FIGURE_NAMES) {
    const chart = historyTrendChart(newest.trends.filter((t) => t.figure === name), cellIds, `${idPrefix}history-${name}`);
    if (chart) charts.push(chart);
  }
  blocks.push({ kind: 'table', table: trendTable(newest) });
  for (const other of a.series.slice(1)) {
    blocks.push({ kind: 'details', summary: `Kept apart (another scenario or environment): ${seriesTitle(other)}`, blocks: [{ kind: 'table', table: trendTable(other) }] });
  }
  if (a.skippedLines.length > 0) blocks.push({ kind: 'list', items: a.skippedLines.map((l) => ({ level: 'notice' as const, text: `${l}: left out` })) });
  return sectionOf(`${idPrefix}history`, 'History', blocks, charts);
}
