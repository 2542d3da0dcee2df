import path from 'node:path';
import { ExitCode } from '../errors/harness-error.js';
import { styleFor } from '../output/format.js';
import { readResult } from '../results/read-result.js';
import type { CliIo } from './io.js';
import { printError } from './print-error.js';

/** `mcp-lb-bench report <result.json ...> [--out dir]`: report.md, report.html and charts/ from result files. */
export async function reportCommand(files: readonly string[], opts: { readonly out?: string }, io: CliIo): Promise<number> {
  const style = styleFor(io.stderr);
  try {
    const paths = files.map((f) => path.resolve(io.cwd, f));
    const results = await Promise.all(paths.map((f) => readResult(f)));
    const runDirs = paths.map((f) => path.dirname(f));
    const outDir = opts.out ? path.resolve(io.cwd, opts.out) : (runDirs[0] as string);
    const { writeReport } = await import('../report/write-report.js');
    const written = await writeReport(results, outDir, { runDirs });
    io.stdout.write(`${written.htmlFile} (${written.bytes.html} bytes, self-contained)\n${written.mdFile} (${written.bytes.markdown} bytes; ${written.svgFiles.length} charts in ${path.join(outDir, 'charts')})\n`);
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, style);
  }
}
