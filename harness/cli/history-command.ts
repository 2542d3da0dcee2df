import path from 'node:path';
import { ExitCode, HarnessError } from '../errors/harness-error.js';
import { styleFor } from '../output/format.js';
import { analyzeHistory, newestRegressions } from '../nightly/analyze-history.js';
import { writeCiOutputs } from '../nightly/ci-outputs.js';
import { readHistory } from '../nightly/history-file.js';
import { historyMarkdown, renderHistory } from '../nightly/history-text.js';
import type { CliIo } from './io.js';
import { printError } from './print-error.js';

export interface HistoryCommandOptions {
  readonly failOn?: string;
  readonly summaryMd?: string;
  readonly report?: string;
}

/** `history <file.jsonl>`: each figure's trend per cell, change points, and the newest run against its trailing window. */
export async function historyCommand(file: string, opts: HistoryCommandOptions, io: CliIo): Promise<number> {
  const errStyle = styleFor(io.stderr);
  try {
    if (opts.failOn !== undefined && opts.failOn !== 'regressed') {
      throw new HarnessError('E_USAGE', `history --fail-on: unknown value "${opts.failOn}"`, { hint: 'history knows --fail-on regressed (the newest run is out of line, for the worse, on some figure)' });
    }
    const absolute = path.resolve(io.cwd, file);
    const { lines, skipped } = await readHistory(absolute);
    const analysis = analyzeHistory(file, lines, skipped);
    io.stdout.write(renderHistory(analysis, styleFor(io.stdout)) + '\n');
    const written = await writeCiOutputs({
      summaryFile: opts.summaryMd,
      stepSummaryFile: opts.summaryMd ? io.env['GITHUB_STEP_SUMMARY'] || undefined : undefined,
      junitXml: () => '',
      markdown: () => historyMarkdown(analysis),
      cwd: io.cwd,
    });
    if (opts.report) {
      const { writeHistoryReport } = await import('../report/history-report.js');
      const files = await writeHistoryReport(analysis, path.resolve(io.cwd, opts.report));
      written.push(files.htmlFile, files.mdFile);
    }
    for (const f of written) io.stderr.write(errStyle.dim(`wrote ${f}`) + '\n');
    const regressions = newestRegressions(analysis);
    if (opts.failOn === 'regressed' && regressions.length > 0) {
      io.stderr.write(errStyle.red(`--fail-on regressed: the newest run is out of line, for the worse, on ${regressions.length} figure(s)`) + '\n');
      for (const t of regressions) io.stderr.write(`  ${t.cellId} ${t.label}: ${t.newest.reason}\n`);
      return ExitCode.thresholdsFailed;
    }
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, errStyle);
  }
}
