import { Command, CommanderError, Option } from 'commander';
import { BALANCER_CHOICES } from '../balancers/balancer-registry.js';
import { PLATFORM_NAMES } from '../config/platform-schema.js';
import { ExitCode } from '../errors/harness-error.js';
import { harnessVersion } from '../results/environment-info.js';
import { styleFor } from '../output/format.js';
import { compareCommand, type CompareCommandOptions } from './compare-command.js';
import { doctorCommand } from './doctor-command.js';
import { historyCommand, type HistoryCommandOptions } from './history-command.js';
import { imagesBuildCommand, type ImagesBuildOptions } from './images-command.js';
import { processIo, type CliIo } from './io.js';
import { printError } from './print-error.js';
import { runCommand, type RunCommandOptions } from './run-command.js';
import { reportCommand, type ReportCommandOptions } from './report-command.js';
import { sizeCommand, type SizeCommandOptions } from './size-command.js';
import { validateCommand } from './validate-command.js';

const EXAMPLES = `
Examples:
  $ mcp-lb-bench run scenarios/headline.yaml
      the headline comparison: session-based vs stateless MCP behind round-robin and sticky balancers
  $ mcp-lb-bench run scenarios/headline.yaml --duration 30s --rate 40 --balancer haproxy
  $ mcp-lb-bench run scenarios/headline.yaml --policies round-robin --set workload.callsPerSession=10
  $ mcp-lb-bench run scenarios/headline.yaml --dry-run        print the cells and schedule, run nothing
  $ mcp-lb-bench size scenarios/capacity.yaml --target 500/s  capacity per cell at the SLO, USL fit, replicas needed
  $ mcp-lb-bench validate scenarios/my.yaml                  check a scenario file (exit 2 when invalid)
  $ mcp-lb-bench run scenarios/nightly.yaml --history results/history.jsonl --junit thresholds.xml
      a nightly run: appended to the history, thresholds checked (exit 4 when one fails)
  $ mcp-lb-bench compare results/baselines/nightly.json results/<run-id>/result.json --fail-on regressed
  $ mcp-lb-bench history results/history.jsonl               trends, change points, the newest run vs the last 40
  $ mcp-lb-bench doctor                                      what this machine can run
  $ mcp-lb-bench images build --offline                     container images for --platform docker, no registry needed

Exit codes: 0 the run completed (whatever it measured: 404s, errors and a replica or balancer that
died mid-cell are results, not failures — the cell keeps its measurements and names the death),
1 internal error, 2 invalid input, 3 infrastructure (a process or balancer would not start, a cell
failed, no cell could run; with --strict also a cell that could not run here, whose counts do not
reconcile, whose generator was saturated, or in which a replica or the balancer died), 4 a threshold
failed or could not be checked (run), or a figure got a --fail-on verdict (compare, history),
130 / 143 interrupted by Ctrl-C / SIGTERM (partial results are still written).`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function scenarioOptions(cmd: Command): Command {
  return cmd
    .option('--duration <duration>', 'measured window per cell, e.g. 30s')
    .option('--warmup <duration>', 'warm-up per cell, samples discarded, e.g. 2s')
    .option('--rate <sessions/s>', 'session arrival rate (constant-arrival-rate)')
    .option('--clients <n>', 'concurrent clients (closed-loop)')
    .option('--repeat <n>', 'run every cell n times, interleaved (A B A B); the table shows medians with intervals')
    .addOption(new Option('--balancer <impl>', 'balancer implementation').choices(BALANCER_CHOICES))
    .addOption(new Option('--platform <name>', 'where replicas and balancer run').choices(PLATFORM_NAMES))
    .option('--replicas <list>', 'replica counts, e.g. 3 or 1,3')
    .option('--models <list>', 'protocol models, e.g. legacy,stateless')
    .option('--policies <list>', 'balancer policies, e.g. round-robin,sticky-session-id')
    .option('--seed <n>', 'seed for the tool mix')
    .option('--set <path=value>', 'override any scenario field (repeatable), e.g. --set load.rate=30', collect, [] as string[]);
}

/** Runs the CLI; returns the exit code. Only this layer prints; the bin shim sets the code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const errStyle = styleFor(io.stderr);
  let exitCode: number = ExitCode.ok;
  const program = new Command()
    .name('mcp-lb-bench')
    .description('Load-test MCP servers behind load balancers: the 2025-11-25 session model vs the 2026-07-28 stateless model.')
    .version(harnessVersion())
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  scenarioOptions(
    program
      .command('run')
      .description('run a scenario: every cell of its matrix, then print the table and write results/<run-id>/result.json')
      .argument('<scenario>', 'scenario file (.yaml, .yml or .json)')
      .option('--results-dir <dir>', 'where run folders go', 'results')
      .option('--dry-run', 'print the plan (cells, schedule) and exit without starting anything')
      .option('-q, --quiet', 'no progress lines on stderr')
      .option('--no-report', 'do not write report.md / report.html next to result.json')
      .option('--strict', 'exit 3 when any cell did not run, or its numbers cannot be trusted (client and replica counts differ, generator saturated)')
      .option('--history <file.jsonl>', 'append this run (figures and histograms) to a history file, one line per run')
      .option('--junit <file>', 'write the thresholds as JUnit XML (one test case per threshold and cell)')
      .option('--summary-md <file>', 'write the thresholds as Markdown (also appended to $GITHUB_STEP_SUMMARY when set)'),
  ).action(async (file: string, opts: RunCommandOptions) => {
    exitCode = await runCommand(file, opts, io, argv);
  });

  scenarioOptions(
    program.command('plan').description('same as run --dry-run').argument('<scenario>', 'scenario file'),
  ).action(async (file: string, opts: RunCommandOptions) => {
    exitCode = await runCommand(file, { ...opts, dryRun: true }, io);
  });

  program
    .command('report')
    .description('write report.md and a self-contained report.html (charts as SVG) from result files: runs, sizes, histories')
    .argument('<file...>', 'result.json (run), size.json (size) or a history .jsonl (run --history)')
    .option('--out <dir>', 'folder for report.md, report.html and charts/ (default: the first file\'s folder)')
    .option('--compare', 'with two result.json files: add their comparison (deltas, intervals, verdicts)')
    .addHelpText('after', '\nExamples:\n  $ mcp-lb-bench report results/<run-id>/result.json\n  $ mcp-lb-bench report results/<size-id>/size.json --out review/\n  $ mcp-lb-bench report base/result.json new/result.json --compare --out review/\n  $ mcp-lb-bench report nightly-history.jsonl --out trends/')
    .action(async (files: string[], opts: ReportCommandOptions) => {
      exitCode = await reportCommand(files, opts, io);
    });

  program
    .command('compare')
    .description('compare two results cell by cell: both values, the change and a verdict (improved, regressed, unchanged, too noisy) per figure')
    .argument('<baseline>', 'the baseline result.json')
    .argument('<candidate>', 'the candidate result.json')
    .option('--min-effect <percent>', 'smallest relative change called a change, e.g. 5% (default 5%)')
    .option('--fail-on <verdicts>', 'exit 4 when a figure gets one of these verdicts, e.g. regressed')
    .option('--junit <file>', 'write JUnit XML: one test case per cell and figure, regressions as failures')
    .option('--summary-md <file>', 'write a Markdown summary for a pull request (also appended to $GITHUB_STEP_SUMMARY when set)')
    .option('--report <dir>', 'write report.html and report.md with the deltas and their intervals')
    .action(async (baseline: string, candidate: string, opts: CompareCommandOptions) => {
      exitCode = await compareCommand(baseline, candidate, opts, io);
    });

  program
    .command('history')
    .description('trends per cell and figure in a history file, change points, and the newest run against its trailing window')
    .argument('<file.jsonl>', 'the file run --history appends to')
    .option('--fail-on <what>', 'regressed: exit 4 when the newest run is out of line, for the worse, on some figure')
    .option('--summary-md <file>', 'write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)')
    .option('--report <dir>', 'write report.html and report.md with the trend lines and change points')
    .action(async (file: string, opts: HistoryCommandOptions) => {
      exitCode = await historyCommand(file, opts, io);
    });

  program
    .command('size')
    .description('search each cell\'s highest session rate meeting the scenario\'s SLO with every replica CPU-capped, fit capacity over replica counts (USL), and write results/<run-id>/size.json')
    .argument('<scenario>', 'scenario file with slo and sizing sections (e.g. scenarios/capacity.yaml)')
    .option('--quick', 'the scenario\'s sizing.quick preset: coarser precision, shorter steps')
    .option('--target <rate>', 'sessions/s the replicas-needed table is for, e.g. 500/s (default: sizing.target)')
    .addOption(new Option('--balancer <impl>', 'balancer implementation').choices(BALANCER_CHOICES))
    .addOption(new Option('--platform <name>', 'where replicas and balancer run (process needs root for the CPU caps)').choices(PLATFORM_NAMES))
    .option('--replicas <list>', 'replica counts, e.g. 1,2,3')
    .option('--models <list>', 'protocol models, e.g. legacy,stateless')
    .option('--policies <list>', 'balancer policies, e.g. round-robin,sticky-session-id')
    .option('--seed <n>', 'seed for the tool mix')
    .option('--set <path=value>', 'override any scenario field (repeatable), e.g. --set sizing.cpuPerReplica=0.25', collect, [] as string[])
    .option('--results-dir <dir>', 'where run folders go', 'results')
    .option('--dry-run', 'print the cells and the search settings and exit')
    .option('-q, --quiet', 'no progress lines on stderr')
    .option('--no-report', 'do not write report.md / report.html next to size.json')
    .action(async (file: string, opts: SizeCommandOptions) => {
      exitCode = await sizeCommand(file, opts, io);
    });

  program
    .command('validate')
    .description('validate a scenario file and print every problem with its path and a hint')
    .argument('<scenario>', 'scenario file')
    .action(async (file: string) => {
      exitCode = await validateCommand(file, io);
    });

  program
    .command('images')
    .description('container images for platform docker')
    .command('build')
    .description('build mcp-lb-bench/{replica,haproxy,nginx,redis}:<version> from images/*.Dockerfile, or with --offline from this machine\'s binaries')
    .option('--offline', 'no registry: build from the host\'s node, haproxy, nginx, redis-server (+ ldd libraries, static busybox) via docker import')
    .option('--only <kinds>', 'comma-separated subset: replica, haproxy, nginx, redis')
    .action(async (opts: ImagesBuildOptions) => {
      exitCode = await imagesBuildCommand(opts, io);
    });

  program
    .command('doctor')
    .description('list the balancers, platforms and stores available on this machine and what "auto" picks')
    .action(async () => {
      exitCode = await doctorCommand(io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
    }
    return printError(e, io.stderr, errStyle);
  }
  return exitCode;
}
