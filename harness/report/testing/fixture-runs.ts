import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResult } from '../../results/read-result.js';
import type { CellResult, RunResult } from '../../results/result-types.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Real results, copied from runs of this build: headline.yaml with --duration 5s (haproxy), and
 * store-outage.yaml (a 3 s Redis hang in each cell). With their balancer configs, not their .hlog files.
 */
export function fixtureRun(name: 'headline' | 'store-outage'): { result: RunResult; runDir: string } {
  const runDir = path.join(here, `${name}-run`);
  // Read as every reader does: older result versions are upgraded to the current shape.
  const file = path.join(runDir, 'result.json');
  return { result: parseResult(JSON.parse(readFileSync(file, 'utf8')), file), runDir };
}

export function fixtureCell(result: RunResult, id: string): CellResult {
  const c = result.cells.find((x) => x.id === id);
  if (!c) throw new Error(`fixture has no cell ${id}`);
  return c;
}
