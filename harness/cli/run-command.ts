import path from 'node:path';
import { chooseBalancer } from '../balancers/balancer-registry.js';
import { resolveScenario } from '../config/resolve-scenario.js';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { ExitCode } from '../errors/harness-error.js';
import { renderCellTable } from '../output/console-table.js';
import { renderRepetitionTable } from '../output/repetition-table.js';
import { hasStateCells, renderStateTable } from '../output/state-table.js';
import { styleFor, type Style } from '../output/format.js';
import { planRun } from '../run/plan.js';
import { runScenario } from '../run/run-scenario.js';
import type { CellResult, RunResult } from '../results/result-types.js';
import type { CliIo } from './io.js';
import { listenForInterrupts } from './interrupts.js';
import { printError } from './print-error.js';
import { progressPrinter } from './progress-printer.js';
import { prepareResultsDir } from './results-dir.js';
import { trackCompletedRun, type RunTrackingOptions } from './run-tracking.js';

export interface RunCommandOptions extends RunTrackingOptions {
  readonly duration?: string;
  readonly warmup?: string;
  readonly rate?: string;
  readonly clients?: string;
  readonly repeat?: string;
  readonly balancer?: string;
  readonly platform?: string;
  readonly replicas?: string;
  readonly models?: string;
  readonly policies?: string;
  readonly seed?: string;
  readonly set?: string[];
  readonly resultsDir?: string;
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
  /** Exit 3 when a cell's numbers cannot be trusted (counts mismatch, generator saturated). */
  readonly strict?: boolean;
  /** commander's negated flag: false with --no-report. */
  readonly report?: boolean;
}

export async function loadScenario(file: string, opts: RunCommandOptions, io: CliIo): Promise<ResolvedScenario> {
  return resolveScenario({
    file: path.resolve(io.cwd, file),
    env: io.env,
    flags: {
      duration: opts.duration,
      warmup: opts.warmup,
      rate: opts.rate,
      clients: opts.clients,
      repeat: opts.repeat,
      balancer: opts.balancer,
      platform: opts.platform,
      replicas: opts.replicas,
      models: opts.models,
      policies: opts.policies,
      seed: opts.seed,
      set: opts.set ?? [],
    },
  });
}

async function printPlan(scenario: ResolvedScenario, io: CliIo): Promise<number> {
  const plan = planRun(scenario);
  const out = io.stdout;
  const reps = plan.repetitions > 1 ? ` × ${plan.repetitions} repetitions (interleaved)` : '';
  out.write(`scenario ${scenario.name}: ${plan.cells.length} cells${reps}, ${Math.ceil(plan.loadTimeMs / 1000)} s of load (plus start-up and drain per cell)\n`);
  const first = plan.cells[0];
  if (first) out.write(`load per cell: ${first.executor.description}\n`);
  out.write(`platform: ${scenario.platform}\n`);
  for (const cell of plan.cells) {
    let lb: string;
    try {
      // The balancer the cell's platform will really run (a container on docker, the deployment's on external).
      const choice = await chooseBalancer(scenario.balancer.implementation, cell.policy, { tuning: scenario.balancer, platform: scenario.platform });
      lb = `${choice.name} (${choice.reason})`;
    } catch (e) {
      lb = `unavailable: ${e instanceof Error ? e.message : String(e)}`;
    }
    out.write(`  [${cell.index + 1}] ${cell.id.padEnd(36)} drain ≤ ${String(Math.ceil(cell.drainTimeoutMs / 1000)).padStart(3)} s  balancer ${lb}\n`);
  }
  return ExitCode.ok;
}

/** What `--strict` refuses: cells whose counts do not reconcile or whose generator was saturated. */
export function strictFindings(cells: readonly CellResult[]): string[] {
  const out: string[] = [];
  for (const c of cells) {
    if (c.status === 'not-run') out.push(`${c.id}: not run (${c.error?.message ?? 'no reason given'})`);
    for (const e of c.events ?? []) out.push(`${c.id}: ${e.target === 'replica' ? `replica ${e.replicaId}` : 'the balancer'} died mid-cell (${e.detail})`);
    if (c.reconciliation?.state === 'mismatch') out.push(`${c.id}: client and replica counts differ`);
    if (c.generator?.saturated) out.push(`${c.id}: generator saturated (${c.generator.saturationReasons.join('; ')})`);
  }
  return out;
}

/** The run's report beside its result.json; a report that cannot be written is said, never fatal. */
async function writeRunReport(result: RunResult, runDir: string, io: CliIo, style: Style): Promise<void> {
  try {
    const { writeReport } = await import('../report/write-report.js');
    const files = await writeReport([result], runDir, { runDirs: [runDir] });
    io.stderr.write(style.dim(`report written: ${files.htmlFile} (${Math.round(files.bytes.html / 1024)} KB) and report.md`) + '\n');
  } catch (e) {
    io.stderr.write(style.yellow(`the report could not be written (the results are): ${e instanceof Error ? e.message : String(e)}`) + '\n');
  }
}

export async function runCommand(file: string, opts: RunCommandOptions, io: CliIo, argv: readonly string[] = ['run', file]): Promise<number> {
  const errStyle = styleFor(io.stderr);
  let scenario: ResolvedScenario;
  try {
    scenario = await loadScenario(file, opts, io);
  } catch (e) {
    return printError(e, io.stderr, errStyle);
  }
  if (opts.dryRun) return printPlan(scenario, io);
  let resultsRoot: string;
  try {
    resultsRoot = await prepareResultsDir(opts.resultsDir ?? 'results', io.cwd);
  } catch (e) {
    return printError(e, io.stderr, errStyle);
  }

  const interrupts = listenForInterrupts(io, errStyle, 'tearing down replicas and balancers and writing the results gathered so far');
  try {
    const outcome = await runScenario({
      scenario,
      resultsRoot,
      signal: interrupts.signal,
      // Exactly what was typed, so the result (and its report) can say how to reproduce it.
      command: ['mcp-lb-bench', ...argv],
      onEvent: progressPrinter(io.stderr, errStyle, Boolean(opts.quiet)),
    });
    const { result } = outcome;
    if (result.cells.length > 0) io.stdout.write(renderCellTable(result.cells, styleFor(io.stdout)) + '\n');
    const repetitionTable = renderRepetitionTable(result.cells, styleFor(io.stdout));
    if (repetitionTable) io.stdout.write(`\nMedians over ${scenario.load.repetitions} repetitions (interleaved across cells):\n${repetitionTable}\n`);
    if (hasStateCells(result.cells)) io.stdout.write('\nState and flows:\n' + renderStateTable(result.cells, styleFor(io.stdout)) + '\n');
    if (opts.report !== false && result.cells.length > 0) await writeRunReport(result, outcome.runDir, io, errStyle);
    if (result.status === 'interrupted') return interrupts.exitCode();
    const untrusted = strictFindings(result.cells);
    if (opts.strict && untrusted.length > 0) {
      io.stderr.write(errStyle.red(`--strict: ${untrusted.length} cell(s) whose numbers cannot be trusted:`) + '\n');
      for (const line of untrusted) io.stderr.write(`  ${line}\n`);
      return ExitCode.infrastructure;
    }
    if (result.status === 'failed') {
      if (result.error) {
        io.stderr.write(errStyle.red(`error: ${result.error.message}`) + '\n');
        for (const d of result.error.details ?? []) io.stderr.write(`  ${d}\n`);
        if (result.error.hint) io.stderr.write(errStyle.dim(`hint: ${result.error.hint}`) + '\n');
        // A balancer that is missing or cannot express a policy is a fact about this machine's
        // infrastructure (another implementation may run the same scenario): exit 3.
        return result.error.code === 'E_SCENARIO_INVALID' ? ExitCode.invalidInput : ExitCode.infrastructure;
      }
      return ExitCode.infrastructure;
    }
    // History, thresholds (exit 4) and CI outputs: for completed runs only.
    return await trackCompletedRun(result, opts, io);
  } catch (e) {
    return printError(e, io.stderr, errStyle);
  } finally {
    interrupts.dispose();
  }
}
