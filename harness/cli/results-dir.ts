import { mkdtemp, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { makeDirs } from '../output/make-dirs.js';

/** Why folders cannot be made at a path, in words, by errno code. */
const REASONS: Record<string, string> = {
  ENOENT: 'the file system there refuses new folders',
  ENOTDIR: 'it, or a folder on its path, is a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * Checks `--results-dir` before anything starts, and creates it: the run writes one folder per run in
 * it, so it must be a folder that takes new folders. A bad one is input to fix (exit 2), found in a
 * few system calls, not after the first cell. Returns the absolute path.
 */
export async function prepareResultsDir(given: string, cwd: string): Promise<string> {
  if (given.trim() === '') {
    throw new HarnessError('E_USAGE', '--results-dir is empty', { hint: 'give a folder, e.g. --results-dir results (the default), or . for the current folder' });
  }
  const root = path.resolve(cwd, given);
  try {
    await makeDirs(root);
    // A folder can exist and still refuse new entries (/proc/self, a read-only mount): try one.
    await rmdir(await mkdtemp(path.join(root, '.mcp-lb-bench-check-')));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const full = code === 'ENOSPC' || code === 'EDQUOT';
    const reason = full ? 'the disk is full' : (REASONS[code ?? ''] ?? (cause as Error).message);
    throw new HarnessError(full ? 'E_RESULTS_WRITE' : 'E_USAGE', `--results-dir ${given}: cannot create run folders there (${reason})`, {
      cause,
      hint: full ? 'free some space or choose a folder on another disk' : 'choose a writable folder, e.g. --results-dir results (the default) or one under your home',
    });
  }
  return root;
}
