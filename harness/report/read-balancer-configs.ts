import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../results/result-types.js';
import type { BalancerConfigText } from './run-report-input.js';

/**
 * Reads the balancer configuration files named by the result's cells, relative to the run folder.
 * A file outside the run folder is refused (a report must not pick up arbitrary files named by a
 * result), a missing one is reported, neither stops the report.
 */
export async function readBalancerConfigs(result: RunResult, runDir: string): Promise<BalancerConfigText[]> {
  const byFile = new Map<string, string[]>();
  for (const c of result.cells) {
    const f = c.balancer?.configFile;
    if (f) byFile.set(f, [...(byFile.get(f) ?? []), c.id]);
  }
  const root = path.resolve(runDir);
  return Promise.all(
    [...byFile].map(async ([file, cellIds]): Promise<BalancerConfigText> => {
      const full = path.resolve(root, file);
      if (path.isAbsolute(file) || !full.startsWith(root + path.sep)) {
        return { file, cellIds, text: undefined, problem: `not read: the path leaves the run folder ${root}` };
      }
      try {
        return { file, cellIds, text: await readFile(full, 'utf8'), problem: undefined };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        return { file, cellIds, text: undefined, problem: `not read (${code}) from ${full}` };
      }
    }),
  );
}
