import { describe, expect, it } from 'vitest';
import { decodeHistogram } from '../metrics/histogram.js';
import { fixtureCell, fixtureRun } from '../report/testing/fixture-runs.js';
import { CELL_FIGURES, FIGURE_NAMES, cellFigure, figureValues, formatFigure, repetitionValues, type FigureCell } from './cell-figures.js';
import { repetitionWith } from '../nightly/testing/synthetic-results.js';

const { result } = fixtureRun('headline');
const sticky = fixtureCell(result, 'legacy.sticky-session-id.r3');
const roundRobin = fixtureCell(result, 'legacy.round-robin.r3');

describe('cell figures registry', () => {
  it('has one entry per catalog name, in catalog order', () => {
    expect(CELL_FIGURES.map((f) => f.name)).toEqual([...FIGURE_NAMES]);
  });

  it('reads call latency from the merged corrected histogram, with the per-second series of the measured window', () => {
    const p99 = cellFigure('callP99');
    expect(p99.value(sticky)).toBe(22271);
    const ev = p99.evidence(sticky);
    expect(ev?.kind).toBe('distribution');
    if (ev?.kind !== 'distribution') return;
    expect(decodeHistogram(ev.hdr).getValueAtPercentile(99)).toBe(22271);
    expect(ev.quantile).toBe(0.99);
    // Five measured seconds; warm-up and drain seconds are left out.
    expect(ev.perSecond).toEqual([32239, 14871, 20767, 9655, 35615]);
  });

  it('session setup has a histogram but no per-second series', () => {
    const ev = cellFigure('setupP99').evidence(sticky);
    expect(ev).toMatchObject({ kind: 'distribution', quantile: 0.99, perSecond: [] });
    expect(cellFigure('setupP50').value(sticky)).toBe(7311);
  });

  it('rates are events over trials, with the counts kept for the two-proportion test', () => {
    expect(cellFigure('errorRate').value(roundRobin)).toBe(0.5);
    expect(cellFigure('errorRate').evidence(roundRobin)).toEqual({ kind: 'proportion', events: 200, trials: 400 });
    expect(cellFigure('http404Share').value(sticky)).toBe(0);
    expect(cellFigure('failedSessionRate').evidence(sticky)).toEqual({ kind: 'proportion', events: 0, trials: 100 });
  });

  it('a figure the cell did not measure is undefined, not zero', () => {
    // Every call of legacy round-robin lost its session: there is no call latency to report.
    expect(cellFigure('callP99').value(roundRobin)).toBeUndefined();
    expect(cellFigure('callP99').evidence(roundRobin)).toBeUndefined();
    // Schema-1 results did not count tool calls in the window.
    expect(cellFigure('serverCpuPerCall').value(sticky)).toBeUndefined();
    expect(figureValues(roundRobin)).not.toHaveProperty('callP99');
    expect(cellFigure('capacity').value(sticky)).toBeUndefined();
  });

  it('capacity comes from a sizing cell, only when the search found one', () => {
    const sized: FigureCell = { ...sticky, capacity: { status: 'found', capacityPerSec: 412 } };
    expect(cellFigure('capacity').value(sized)).toBe(412);
    expect(cellFigure('capacity').value({ ...sticky, capacity: { status: 'invalid', capacityPerSec: undefined } })).toBeUndefined();
  });

  it('achieved rate is tested on the per-second session starts', () => {
    expect(cellFigure('achievedRate').evidence(sticky)).toEqual({ kind: 'series', perSecond: [20, 20, 20, 21, 19] });
  });

  it('repetitions give one value each, from each repetition\'s figures', () => {
    const figureSets: Array<Record<string, number>> = [{ callP99: 100 }, {}, { callP99: 22271 }];
    const runs = figureSets.map((figures, i) => repetitionWith(i + 1, figures));
    const cell: FigureCell = { ...sticky, repetitions: { count: 3, runs, summary: {} } };
    expect(repetitionValues(cell, cellFigure('callP99'))).toEqual([100, 22271]);
    expect(repetitionValues(sticky, cellFigure('callP99'))).toEqual([]);
  });

  it('formats values in their unit', () => {
    expect(formatFigure({ unit: 'latency-us' }, 22271)).toBe('22.3 ms');
    expect(formatFigure({ unit: 'cpu-us' }, 850)).toBe('850 µs');
    expect(formatFigure({ unit: 'fraction' }, 0.0012)).toBe('0.12 %');
    expect(formatFigure({ unit: 'per-second' }, 19.998)).toBe('20/s');
    expect(formatFigure({ unit: 'fraction' }, undefined)).toBe('—');
  });
});
