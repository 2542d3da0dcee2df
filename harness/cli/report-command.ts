import path from 'node:path';
import { ExitCode, HarnessError } from '../errors/harness-error.js';
import { analyzeHistory } from '../nightly/analyze-history.js';
import { compareRuns } from '../nightly/compare-runs.js';
import { readHistory } from '../nightly/history-file.js';
import { styleFor } from '../output/format.js';
import type { ReportSection } from '../report/report-section.js';
import { readAnyResult } from '../results/read-size-result.js';
import type { RunResult } from '../results/result-types.js';
import type { SizeResult } from '../results/size-result-types.js';
import type { CliIo } from './io.js';
import { printError } from './print-error.js';

export interface ReportCommandOptions {
  readonly out?: string;
  /** Two run results: add their comparison (deltas with intervals and verdicts) after their own sections. */
  readonly compare?: boolean;
}

/**
 * `mcp-lb-bench report <file ...> [--out dir] [--compare]`: report.md, report.html and charts/ from
 * run results (result.json), size results (size.json) and history files (*.jsonl), in one page.
 */
export async function reportCommand(files: readonly string[], opts: ReportCommandOptions, io: CliIo): Promise<number> {
  const style = styleFor(io.stderr);
  try {
    const paths = files.map((f) => path.resolve(io.cwd, f));
    const runs: Array<{ result: RunResult; dir: string }> = [];
    const sizes: SizeResult[] = [];
    const extraSections: ReportSection[] = [];
    const { historySection } = await import('../report/history-section.js');
    for (const file of paths) {
      if (file.endsWith('.jsonl')) {
        const { lines, skipped } = await readHistory(file);
        extraSections.push(historySection(analyzeHistory(path.relative(io.cwd, file) || file, lines, skipped)));
        continue;
      }
      const read = await readAnyResult(file);
      if (read.kind === 'size') sizes.push(read.result);
      else runs.push({ result: read.result, dir: path.dirname(file) });
    }
    if (opts.compare) {
      if (runs.length !== 2) throw new HarnessError('E_USAGE', `report --compare needs exactly two run results (result.json); got ${runs.length}`, { hint: 'e.g. mcp-lb-bench report base/result.json candidate/result.json --compare' });
      const { compareSection } = await import('../report/compare-section.js');
      extraSections.unshift(compareSection(compareRuns(runs[0]!.result, runs[1]!.result)));
    }
    if (runs.length === 0 && sizes.length === 0 && extraSections.length === 0) throw new HarnessError('E_USAGE', 'no result to report on', { hint: 'give result.json, size.json or a history .jsonl file' });
    const outDir = opts.out ? path.resolve(io.cwd, opts.out) : path.dirname(paths[0] as string);
    const { writeReport, writeSectionsReport } = await import('../report/write-report.js');
    const written =
      runs.length === 0 && sizes.length === 0
        ? await writeSectionsReport({ title: 'mcp-lb-bench history', lines: files.map((f) => f) }, extraSections, outDir)
        : await writeReport(
            runs.map((r) => r.result),
            outDir,
            { runDirs: runs.map((r) => r.dir), sizes, extraSections },
          );
    io.stdout.write(`${written.htmlFile} (${written.bytes.html} bytes, self-contained)\n${written.mdFile} (${written.bytes.markdown} bytes; ${written.svgFiles.length} charts in ${path.join(outDir, 'charts')})\n`);
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, style);
  }
}
