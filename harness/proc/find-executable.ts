import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

/**
 * Absolute path of the first executable `name` in PATH, then in `extraDirs` (system binaries such as
 * haproxy live in sbin directories that are often missing from a user's PATH). Undefined when absent.
 */
export async function findExecutable(name: string, extraDirs: readonly string[] = [], pathEnv = process.env['PATH'] ?? ''): Promise<string | undefined> {
  const dirs = [...pathEnv.split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const dir of new Set(dirs)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
