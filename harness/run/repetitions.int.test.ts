import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { renderRepetitionTable } from '../output/repetition-table.js';
import { plainStyle } from '../output/format.js';
import type { RunResult } from '../results/result-types.js';
import { runScenario, type RunEvent } from './run-scenario.js';

const text = `
name: repeated
balancer: builtin
matrix: { model: [legacy, stateless], policy: sticky-session-id, replicas: 2 }
load: { executor: constant-arrival-rate, rate: 10, duration: 2s, warmup: 0.5s, repetitions: 2 }
workload: { callsPerSession: 3 }
`;

describe('repetitions', () => {
  let dir: string;
  let result: RunResult;
  const starts: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-reps-'));
    const scenario = resolveScenario({ text, env: {}, flags: { set: [] } });
    const onEvent = (e: RunEvent): void => {
      if (e.type === 'cell-start') starts.push(`${e.cell.id}#${e.repetition}`);
    };
    result = (await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'], onEvent })).result;
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('runs every cell that many times, interleaved (A B A B, not A A B B)', () => {
    expect(starts).toEqual(['legacy.sticky-session-id.r2#1', 'stateless.sticky-session-id.r2#1', 'legacy.sticky-session-id.r2#2', 'stateless.sticky-session-id.r2#2']);
    for (const c of result.cells) for (const k of [1, 2]) expect(existsSync(path.join(dir, result.runId, 'cells', c.id, `rep${k}`, 'latency.hlog'))).toBe(true);
  });

  it('records each repetition\'s figures and merges the histograms across them', () => {
    expect(result.cells).toHaveLength(2);
    for (const c of result.cells) {
      expect(c.repetitions?.runs).toHaveLength(2);
      const perRep = c.repetitions!.runs.map((r) => r.perSecond.keyP50Us.length);
      expect(perRep.every((n) => n >= 1)).toBe(true);
      // 2 repetitions × 20 measured sessions × 3 calls, every one answered.
      expect(c.metrics?.steps.call?.corrected?.count).toBe(2 * 20 * 3);
      expect(c.repetitions!.summary['keyP50Us']!.low).toBeLessThanOrEqual(c.repetitions!.summary['keyP50Us']!.point);
    }
    const table = renderRepetitionTable(result.cells, plainStyle)!;
    expect(table).toMatch(/│ legacy\.sticky-session-id\.r2 +│ 2 +│ [\d.]+ \[[\d.]+–[\d.]+\]/);
  });
});
