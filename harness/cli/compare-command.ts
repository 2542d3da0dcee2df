import path from 'node:path';
import { ExitCode } from '../errors/harness-error.js';
import { styleFor } from '../output/format.js';
import { writeCiOutputs } from '../nightly/ci-outputs.js';
import { compareRuns, DEFAULT_COMPARISON_SETTINGS } from '../nightly/compare-runs.js';
import { failingFigures, parseFailOn, parseMinEffect } from '../nightly/comparison-options.js';
import { comparisonJunit } from '../nightly/junit-report.js';
import { renderComparison } from '../nightly/nightly-text.js';
import { comparisonMarkdown } from '../nightly/summary-markdown.js';
import { readResult } from '../results/read-result.js';
import type { CliIo } from './io.js';
import { printError } from './print-error.js';

export interface CompareCommandOptions {
  readonly minEffect?: string;
  readonly failOn?: string;
  readonly junit?: string;
  readonly summaryMd?: string;
  readonly report?: string;
}

/** `compare <baseline> <candidate>`: per cell and figure, both values, the change and a verdict. */
export async function compareCommand(baselineFile: string, candidateFile: string, opts: CompareCommandOptions, io: CliIo): Promise<number> {
  const errStyle = styleFor(io.stderr);
  try {
    const minEffect = parseMinEffect(opts.minEffect);
    const failOn = parseFailOn(opts.failOn);
    const [baseline, candidate] = await Promise.all([readResult(path.resolve(io.cwd, baselineFile)), readResult(path.resolve(io.cwd, candidateFile))]);
    const comparison = compareRuns(baseline, candidate, { ...DEFAULT_COMPARISON_SETTINGS, ...(minEffect === undefined ? {} : { minEffect }) });
    io.stdout.write(renderComparison(comparison, styleFor(io.stdout)) + '\n');
    const written = await writeCiOutputs({
      junitFile: opts.junit,
      summaryFile: opts.summaryMd,
      stepSummaryFile: opts.summaryMd ? io.env['GITHUB_STEP_SUMMARY'] || undefined : undefined,
      junitXml: () => comparisonJunit(comparison),
      markdown: () => comparisonMarkdown(comparison),
      cwd: io.cwd,
    });
    if (opts.report) {
      const { writeComparisonReport } = await import('../report/compare-report.js');
      const files = await writeComparisonReport(comparison, path.resolve(io.cwd, opts.report));
      written.push(files.htmlFile, files.mdFile);
    }
    for (const f of written) io.stderr.write(errStyle.dim(`wrote ${f}`) + '\n');
    const failing = failingFigures(comparison, failOn);
    if (failing.length > 0) {
      io.stderr.write(errStyle.red(`--fail-on ${failOn.join(',')}: ${failing.length} figure(s)`) + '\n');
      for (const line of failing) io.stderr.write(`  ${line}\n`);
      return ExitCode.thresholdsFailed;
    }
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, errStyle);
  }
}
