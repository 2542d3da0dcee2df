import path from 'node:path';
import { resolveScenario } from '../config/resolve-scenario.js';
import { ExitCode } from '../errors/harness-error.js';
import { styleFor } from '../output/format.js';
import { planRun } from '../run/plan.js';
import type { CliIo } from './io.js';
import { printError } from './print-error.js';

export async function validateCommand(file: string, io: CliIo): Promise<number> {
  try {
    const scenario = await resolveScenario({ file: path.resolve(io.cwd, file), env: io.env, flags: { set: [] } });
    const plan = planRun(scenario);
    io.stdout.write(`${file}: valid — ${plan.cells.length} cells, ${Math.ceil(plan.loadTimeMs / 1000)} s of load\n`);
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, styleFor(io.stderr));
  }
}
