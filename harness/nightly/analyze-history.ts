import { CELL_FIGURES } from '../results/cell-figures.js';
import type { FigureTrend, HistoryAnalysis, HistoryLine, HistorySeries } from '../results/history-record.js';
import { eDivisiveChangePoints, type ChangePointOptions } from '../stats/change-points.js';
import { checkNewestAgainstWindow, type TrailingWindowOptions } from '../stats/trailing-window.js';

export interface HistoryOptions {
  readonly changePoints?: ChangePointOptions;
  readonly window?: Omit<TrailingWindowOptions, 'direction'>;
}

/** Runs of one scenario hash on one environment fingerprint are one series; nothing else is mixed. */
function seriesKey(line: HistoryLine): string {
  return `${line.run.scenarioHash}/${line.run.fingerprint.hash}`;
}

/**
 * Each figure's trend per cell, per series: change points (e-divisive means, deterministic for a
 * given history) and the newest run against its trailing window. Lines are taken in time order
 * (the order they were appended when times tie); the series with the newest run comes first.
 */
export function analyzeHistory(file: string, lines: readonly HistoryLine[], skippedLines: readonly string[], options: HistoryOptions = {}): HistoryAnalysis {
  const ordered = lines.map((line, i) => ({ line, i })).sort((a, b) => a.line.time.localeCompare(b.line.time) || a.i - b.i).map((x) => x.line);
  const groups = new Map<string, HistoryLine[]>();
  for (const line of ordered) {
    const key = seriesKey(line);
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const series = [...groups.values()].map((runs) => analyzeSeries(runs, options));
  const newestTime = (s: HistorySeries): string => s.runs[s.runs.length - 1]?.time ?? '';
  series.sort((a, b) => newestTime(b).localeCompare(newestTime(a)));
  return { file, series, skippedLines };
}

function analyzeSeries(runs: readonly HistoryLine[], options: HistoryOptions): HistorySeries {
  const first = runs[0] as HistoryLine;
  const cellIds = [...new Set(runs.flatMap((r) => r.cells.map((c) => c.id)))];
  const trends: FigureTrend[] = [];
  for (const cellId of cellIds) {
    for (const figure of CELL_FIGURES) {
      const runIndex: number[] = [];
      const values: number[] = [];
      runs.forEach((run, i) => {
        const v = run.cells.find((c) => c.id === cellId)?.figures[figure.name];
        if (typeof v === 'number' && Number.isFinite(v)) {
          runIndex.push(i);
          values.push(v);
        }
      });
      if (values.length === 0) continue;
      const cp = eDivisiveChangePoints(values, options.changePoints);
      const newest = checkNewestAgainstWindow(values, { ...options.window, direction: figure.direction });
      trends.push({
        cellId,
        figure: figure.name,
        label: figure.label,
        unit: figure.unit,
        direction: figure.direction,
        runIndex,
        values,
        changePoints: cp.changePoints.map((p) => ({
          runIndex: runIndex[p.index] as number,
          pValue: p.pValue,
          meanBefore: p.meanBefore,
          meanAfter: p.meanAfter,
          relativeChange: p.relativeChange,
          worse: (p.meanAfter > p.meanBefore) === (figure.direction === 'lower-is-better') && p.meanAfter !== p.meanBefore,
        })),
        changePointsSkipped: cp.skipped,
        newest: { status: newest.status, worse: newest.worse, relativeChange: newest.relativeChange, z: newest.z, reason: newest.reason },
      });
    }
  }
  return {
    scenario: first.run.scenario,
    scenarioHash: first.run.scenarioHash,
    fingerprintHash: first.run.fingerprint.hash,
    runs: runs.map((r) => ({ ...r.run, time: r.time })),
    trends,
  };
}

/** Figures whose newest run is an outlier on the bad side of its trailing window, in the newest series. */
export function newestRegressions(analysis: HistoryAnalysis): FigureTrend[] {
  return (analysis.series[0]?.trends ?? []).filter((t) => t.newest.status === 'outlier' && t.newest.worse === true);
}
