import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { makeDirs } from './make-dirs.js';

/** What to do about a failed write, by errno code: a full disk and a read-only folder need different fixes. */
function writeHint(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The disk is full: free some space or choose another folder with --results-dir.';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'The results folder is not writable: choose another with --results-dir.';
    case 'ENAMETOOLONG':
      return 'The path is too long: choose a shorter --results-dir.';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'Folders cannot be created there: choose a results folder on a normal file system with --results-dir.';
    default:
      return 'Check that the results folder is writable and the disk is not full.';
  }
}

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: write a temporary file in the same folder, fsync it, rename it over the target.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await makeDirs(dir);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw new HarnessError('E_RESULTS_WRITE', `could not write ${file}${code === undefined ? '' : ` (${code})`}`, { cause: e, hint: writeHint(code) });
  }
}
