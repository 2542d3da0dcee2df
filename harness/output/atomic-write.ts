import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: write a temporary file in the same folder, fsync it, rename it over the target.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
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
    throw new HarnessError('E_RESULTS_WRITE', `could not write ${file}`, { cause: e, hint: 'Check that the results folder is writable and the disk is not full.' });
  }
}
