import path from 'node:path';
import { ExitCode, type ExitCodeValue } from '../errors/harness-error.js';
import { styleFor } from '../output/format.js';
import { writeCiOutputs } from '../nightly/ci-outputs.js';
import { evaluateThresholds, thresholdsFailed } from '../nightly/evaluate-thresholds.js';
import { appendHistoryLine } from '../nightly/history-file.js';
import { thresholdsJunit } from '../nightly/junit-report.js';
import { renderThresholdTable } from '../nightly/nightly-text.js';
import { thresholdsMarkdown } from '../nightly/summary-markdown.js';
import type { FigureCell } from '../results/cell-figures.js';
import { historyLine } from '../results/history-record.js';
import type { RunResult } from '../results/result-types.js';
import { runIdentity } from '../results/run-identity.js';
import type { CliIo } from './io.js';

export interface RunTrackingOptions {
  /** `--history <file.jsonl>`: append this run. */
  readonly history?: string;
  readonly junit?: string;
  readonly summaryMd?: string;
}

/**
 * What `run` does for tracking once a run has completed: append it to the history, check the
 * scenario's thresholds (table on stdout), write the CI outputs. Returns exit 4 when a threshold
 * failed or could not be checked, else 0.
 */
export async function trackCompletedRun(result: RunResult, opts: RunTrackingOptions, io: CliIo): Promise<ExitCodeValue> {
  const errStyle = styleFor(io.stderr);
  const written: string[] = [];
  if (opts.history) {
    const file = path.resolve(io.cwd, opts.history);
    await appendHistoryLine(file, historyLine(result));
    written.push(file);
  }
  const outcomes = evaluateThresholds(result.scenario.thresholds ?? [], result.cells as readonly FigureCell[]);
  if (outcomes.length > 0) io.stdout.write('\n' + renderThresholdTable(outcomes, styleFor(io.stdout)) + '\n');
  written.push(
    ...(await writeCiOutputs({
      junitFile: opts.junit,
      summaryFile: opts.summaryMd,
      stepSummaryFile: opts.summaryMd ? io.env['GITHUB_STEP_SUMMARY'] || undefined : undefined,
      junitXml: () => thresholdsJunit(outcomes, result.scenario.name),
      markdown: () => thresholdsMarkdown(outcomes, runIdentity(result)),
      cwd: io.cwd,
    })),
  );
  for (const f of written) io.stderr.write(errStyle.dim(`wrote ${f}`) + '\n');
  return thresholdsFailed(outcomes) ? ExitCode.thresholdsFailed : ExitCode.ok;
}
