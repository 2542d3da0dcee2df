import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHistogram } from '../metrics/histogram.js';
import { fixtureRun } from '../report/testing/fixture-runs.js';
import type { HistoryLine } from '../results/history-record.js';
import { historyLine } from '../results/history-record.js';
import { mulberry32 } from '../workload/prng.js';
import { analyzeHistory, newestRegressions } from './analyze-history.js';
import { appendHistoryLine, parseHistory, readHistory } from './history-file.js';
import { renderHistory } from './history-text.js';
import { plainStyle } from '../output/format.js';

const { result } = fixtureRun('headline');
const template = historyLine(result);

/** A history line of the fixture with its stateless round-robin call p99 replaced. */
function lineWith(p99Us: number | undefined, i: number, over: { fingerprint?: string; scenarioHash?: string } = {}): HistoryLine {
  return {
    ...template,
    time: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString(),
    run: { ...template.run, runId: `night-${i}`, gitSha: `sha${i}`, scenarioHash: over.scenarioHash ?? template.run.scenarioHash, fingerprint: { ...template.run.fingerprint, hash: over.fingerprint ?? template.run.fingerprint.hash } },
    cells: template.cells
      .filter((c) => c.id === 'stateless.round-robin.r3')
      .map((c) => {
        const { callP99: _drop, ...rest } = c.figures;
        return { ...c, figures: p99Us === undefined ? rest : { ...rest, callP99: p99Us } };
      }),
  };
}

function noisy(n: number, seed: number, stepAt?: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => 7000 * (stepAt !== undefined && i >= stepAt ? 1.15 : 1) * (1 + 0.03 * (random() * 2 - 1) * Math.sqrt(3)));
}

function p99Trend(lines: readonly HistoryLine[]) {
  return analyzeHistory('h.jsonl', lines, []).series[0]?.trends.find((t) => t.figure === 'callP99');
}

describe('history lines', () => {
  it('keep every figure and the corrected histograms, from which any percentile can be recomputed', () => {
    const cell = template.cells.find((c) => c.id === 'legacy.sticky-session-id.r3');
    expect(cell?.figures.callP99).toBe(22271);
    expect(Object.keys(cell?.hdr ?? {}).sort()).toEqual(['call', 'delete', 'initialize', 'initialized', 'sse-open', 'timing:session', 'timing:session-setup']);
    expect(decodeHistogram(cell?.hdr['call'] as string).getValueAtPercentile(99)).toBe(22271);
    expect(template.run).toMatchObject({ runId: result.runId, gitSha: result.tool.gitSha, scenario: 'headline' });
    expect(template.run.scenarioHash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('append one line per run; a line cut short by a killed job is left out and named, and the next run still appends whole', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'history-')), 'sub', 'h.jsonl');
    await appendHistoryLine(file, lineWith(7000, 0));
    writeFileSync(file, readFileSync(file, 'utf8') + '{"kind":"mcp-lb-bench-hist');
    await appendHistoryLine(file, lineWith(7100, 1));
    const read = await readHistory(file);
    expect(read.lines.map((l) => l.run.runId)).toEqual(['night-0', 'night-1']);
    expect(read.skipped).toEqual(['line 2: not JSON (cut short?)']);
  });

  it('skip lines of a newer version and lines that are not history lines', () => {
    const newer = JSON.stringify({ ...lineWith(1, 0), version: 99 });
    const read = parseHistory(`${newer}\n{"kind":"other"}\n\n`);
    expect(read.lines).toEqual([]);
    expect(read.skipped[0]).toMatch(/^line 1: history version 99, written by a newer mcp-lb-bench/);
    expect(read.skipped[1]).toMatch(/^line 2: not a history line \(kind:/);
  });
});

describe('analyzeHistory', () => {
  it('finds a 15 % step in p99 at the run it happened, and calls it worse', () => {
    const lines = noisy(30, 7, 20).map((v, i) => lineWith(v, i));
    const trend = p99Trend(lines);
    expect(trend?.changePoints.map((p) => p.runIndex)).toEqual([20]);
    expect(trend?.changePoints[0]?.worse).toBe(true);
    expect(trend?.changePoints[0]?.relativeChange).toBeCloseTo(0.15, 1);
  });

  it('places the change at the right run when some runs did not measure the figure', () => {
    const values = noisy(30, 7, 20);
    const lines = values.map((v, i) => lineWith(i === 3 || i === 12 ? undefined : v, i));
    const trend = p99Trend(lines);
    expect(trend?.values).toHaveLength(28);
    expect(trend?.changePoints.map((p) => p.runIndex)).toEqual([20]);
  });

  it('noise-only histories raise few alarms (20 seeds, at most one)', () => {
    let alarms = 0;
    for (let seed = 1; seed <= 20; seed++) alarms += p99Trend(noisy(30, 100 + seed).map((v, i) => lineWith(v, i)))?.changePoints.length ?? 0;
    expect(alarms).toBeLessThanOrEqual(1);
  });

  it('the same history gives the same answer', () => {
    const lines = noisy(40, 11, 25).map((v, i) => lineWith(v, i));
    expect(analyzeHistory('h', lines, [])).toEqual(analyzeHistory('h', [...lines], []));
  });

  it('keeps runs of another fingerprint or scenario apart, newest series first', () => {
    const lines = [
      ...noisy(12, 3).map((v, i) => lineWith(v, i)),
      ...noisy(3, 4).map((v, i) => lineWith(v * 3, 20 + i, { fingerprint: 'other-box' })),
      lineWith(7000, 40, { scenarioHash: 'longer-run' }),
    ];
    const a = analyzeHistory('h', lines, []);
    expect(a.series.map((s) => [s.scenarioHash, s.fingerprintHash, s.runs.length])).toEqual([
      ['longer-run', template.run.fingerprint.hash, 1],
      [template.run.scenarioHash, 'other-box', 3],
      [template.run.scenarioHash, template.run.fingerprint.hash, 12],
    ]);
    // The tripled values of the other box never enter the first series.
    expect(Math.max(...(a.series[2]?.trends.find((t) => t.figure === 'callP99')?.values ?? []))).toBeLessThan(8000);
  });

  it('flags a newest run out of line with its trailing window, on the bad side', () => {
    const values = [...noisy(20, 5), 7000 * 1.4];
    const a = analyzeHistory('h', values.map((v, i) => lineWith(v, i)), []);
    const regressions = newestRegressions(a);
    expect(regressions.map((t) => [t.cellId, t.figure])).toEqual([['stateless.round-robin.r3', 'callP99']]);
    expect(renderHistory(a, plainStyle)).toMatch(/call p99 .* OUTLIER \+39\.3 % worse \(z 14\.1\)/);
  });
});
