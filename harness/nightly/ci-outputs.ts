import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { writeFileAtomic } from '../output/atomic-write.js';

export interface CiOutputRequest {
  /** `--junit <file>`: JUnit XML. */
  readonly junitFile?: string | undefined;
  /** `--summary-md <file>`: Markdown. */
  readonly summaryFile?: string | undefined;
  readonly junitXml: () => string;
  readonly markdown: () => string;
  /** Relative paths are taken from here. */
  readonly cwd: string;
  /** GITHUB_STEP_SUMMARY with --summary-md: the Markdown is appended there too (GitHub shows it on the job's page). */
  readonly stepSummaryFile?: string | undefined;
}

/** Writes the CI outputs asked for; returns the files written, for the CLI to name. */
export async function writeCiOutputs(request: CiOutputRequest): Promise<string[]> {
  const written: string[] = [];
  if (request.junitFile) {
    const file = path.resolve(request.cwd, request.junitFile);
    await writeFileAtomic(file, request.junitXml());
    written.push(file);
  }
  if (request.summaryFile || request.stepSummaryFile) {
    const markdown = request.markdown();
    if (request.summaryFile) {
      const file = path.resolve(request.cwd, request.summaryFile);
      await writeFileAtomic(file, markdown);
      written.push(file);
    }
    if (request.stepSummaryFile) {
      try {
        await appendFile(request.stepSummaryFile, `${markdown}\n`);
      } catch (e) {
        throw new HarnessError('E_RESULTS_WRITE', `cannot append to GITHUB_STEP_SUMMARY (${request.stepSummaryFile}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
          cause: e,
          hint: 'unset GITHUB_STEP_SUMMARY outside GitHub Actions, or make the file writable',
        });
      }
      written.push(request.stepSummaryFile);
    }
  }
  return written;
}
