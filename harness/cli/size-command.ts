import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { ExitCode, HarnessError } from '../errors/harness-error.js';
import { styleFor } from '../output/format.js';
import { renderFitTable, renderReplicasNeededTable, renderSizeTable, sizeFootnotes } from '../output/size-table.js';
import type { SizeResult, SizeSettings } from '../results/size-result-types.js';
import { planRun } from '../run/plan.js';
import { sizeScenario } from '../sizing/size-scenario.js';
import { sizeSettings } from '../sizing/size-settings.js';
import type { CliIo } from './io.js';
import { listenForInterrupts } from './interrupts.js';
import { printError } from './print-error.js';
import { prepareResultsDir } from './results-dir.js';
import { loadScenario, type RunCommandOptions } from './run-command.js';
import { describeSettings, sizeProgressPrinter } from './size-progress-printer.js';

export interface SizeCommandOptions extends Pick<RunCommandOptions, 'balancer' | 'platform' | 'replicas' | 'models' | 'policies' | 'seed' | 'set' | 'resultsDir' | 'dryRun' | 'quiet'> {
  readonly quick?: boolean;
  readonly target?: string;
  /** commander's --no-report: false skips report.md / report.html. */
  readonly report?: boolean;
}

/** `--target 500/s` or `--target 500`: sessions per second. */
export function parseTarget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*s)?\s*$/.exec(text);
  const value = m ? Number(m[1]) : Number.NaN;
  if (!(value > 0)) throw new HarnessError('E_USAGE', `--target ${text}: not a rate`, { hint: 'give sessions per second, e.g. --target 500/s or --target 500' });
  return value;
}

function printPlan(scenario: ResolvedScenario, settings: SizeSettings, io: CliIo): number {
  const plan = planRun(scenario);
  io.stdout.write(`size ${scenario.name}: ${plan.cells.length} cells on platform ${scenario.platform}\n${describeSettings(settings)}\n`);
  for (const c of plan.cells) io.stdout.write(`  [${c.index + 1}] ${c.id}\n`);
  return ExitCode.ok;
}

/** report.md and report.html beside size.json; a report that cannot be written does not change the exit code. */
async function writeSizeReport(result: SizeResult, runDir: string, io: CliIo): Promise<void> {
  try {
    const { writeReport } = await import('../report/write-report.js');
    const files = await writeReport([], runDir, { runDirs: [], sizes: [result] });
    io.stderr.write(styleFor(io.stderr).dim(`report: ${files.htmlFile}, ${files.mdFile}`) + '\n');
  } catch (e) {
    io.stderr.write(styleFor(io.stderr).yellow(`report not written: ${e instanceof Error ? e.message : String(e)}`) + '\n');
  }
}

export async function sizeCommand(file: string, opts: SizeCommandOptions, io: CliIo): Promise<number> {
  const errStyle = styleFor(io.stderr);
  const outStyle = styleFor(io.stdout);
  let scenario: ResolvedScenario;
  let settings: SizeSettings;
  let resultsRoot: string;
  try {
    scenario = await loadScenario(file, opts, io);
    settings = sizeSettings(scenario, { quick: Boolean(opts.quick), targetPerSec: parseTarget(opts.target) });
    if (opts.dryRun) return printPlan(scenario, settings, io);
    resultsRoot = await prepareResultsDir(opts.resultsDir ?? 'results', io.cwd);
  } catch (e) {
    return printError(e, io.stderr, errStyle);
  }

  const interrupts = listenForInterrupts(io, errStyle, 'tearing down the topology and writing the steps measured so far');
  try {
    const { result, runDir } = await sizeScenario({
      scenario,
      settings,
      resultsRoot,
      signal: interrupts.signal,
      command: ['mcp-lb-bench', 'size', file, ...(opts.quick ? ['--quick'] : []), ...(opts.target ? ['--target', opts.target] : [])],
      onEvent: sizeProgressPrinter(io.stderr, errStyle, Boolean(opts.quiet)),
    });
    if (result.cells.length > 0) {
      io.stdout.write(renderSizeTable(result, outStyle) + '\n');
      io.stdout.write('\nScaling over replica counts (Universal Scalability Law):\n' + renderFitTable(result) + '\n');
      const needed = renderReplicasNeededTable(result);
      if (needed) io.stdout.write('\nReplicas needed:\n' + needed + '\n');
      for (const note of sizeFootnotes(result)) io.stdout.write(`  ${note}\n`);
      if (opts.report !== false) await writeSizeReport(result, runDir, io);
    }
    if (result.status === 'interrupted') return interrupts.exitCode();
    if (result.status === 'failed') {
      if (result.error) {
        io.stderr.write(errStyle.red(`error: ${result.error.message}`) + '\n');
        if (result.error.hint) io.stderr.write(errStyle.dim(`hint: ${result.error.hint}`) + '\n');
      }
      return ExitCode.infrastructure;
    }
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, errStyle);
  } finally {
    interrupts.dispose();
  }
}
