import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveScenario } from '../../config/resolve-scenario.js';
import type { CellResult, RunResult } from '../../results/result-types.js';
import { runScenario } from '../../run/run-scenario.js';
import type { FaultReport } from '../fault-report.js';

/** Runs a scenario text in a temporary results folder and returns the result (the folder is removed). */
export async function runFaultScenario(text: string): Promise<RunResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-faults-'));
  try {
    const scenario = resolveScenario({ text, env: {}, flags: { set: [] } });
    return (await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] })).result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function cellOf(r: RunResult, id: string): CellResult {
  const c = r.cells.find((x) => x.id === id);
  if (!c) throw new Error(`no cell ${id}: ${r.cells.map((x) => x.id).join(', ')}`);
  return c;
}

/** The cell's i-th fault report; fails with the cell's error or the fault's when it did not run. */
export function faultOf(c: CellResult, i = 0): FaultReport {
  const f = c.faults?.[i];
  if (!f) throw new Error(`cell ${c.id} has no fault report ${i} (status ${c.status}: ${c.error?.message ?? ''})`);
  if (f.error) throw new Error(`cell ${c.id}: fault ${f.kind} failed: ${f.error}`);
  return f;
}
