/**
 * Manual check of the report writer until `mcp-lb-bench report` exists:
 *   npx tsx harness/report/write-report-main.ts results/<run-id>/result.json [out-dir]
 * Writes report.html, report.md and charts/*.svg beside result.json (or into out-dir); a size.json works too.
 */
import { readAnyResult } from '../results/read-size-result.js';
import path from 'node:path';
import { writeReport } from './write-report.js';

const [file, out] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: write-report-main.ts <result.json> [out-dir]\n');
  process.exit(2);
}
const read = await readAnyResult(file);
const runDir = path.dirname(path.resolve(file));
const outDir = out ? path.resolve(out) : runDir;
const files = read.kind === 'size' ? await writeReport([], outDir, { runDirs: [], sizes: [read.result] }) : await writeReport([read.result], outDir, { runDirs: [runDir] });
process.stdout.write(`${files.htmlFile} (${files.bytes.html} bytes)\n${files.mdFile} (${files.bytes.markdown} bytes)\n${files.svgFiles.length} SVG files (${files.bytes.svg} bytes)\n`);
