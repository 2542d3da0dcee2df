import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { HarnessError } from '../errors/harness-error.js';
import type { FsOracle, HostNodeKind } from './host-path-entries.js';
import type { HostBinary } from './image-recipes.js';

/** The real filesystem behind host-path-entries.ts's oracle. */
export const hostFs: FsOracle = {
  kind(p: string): HostNodeKind {
    try {
      const s = lstatSync(p);
      return s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'missing';
    } catch {
      return 'missing';
    }
  },
  readlink: (p: string) => readlinkSync(p),
};

/** First existing candidate path of each binary; one error naming every missing binary and its package. */
export function locateBinaries(binaries: readonly HostBinary[]): string[] {
  const missing: HostBinary[] = [];
  const found = binaries.map((b) => {
    const at = b.candidates.find((c) => existsSync(c));
    if (!at) missing.push(b);
    return at ?? '';
  });
  if (missing.length > 0) {
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', `the offline image build needs ${missing.map((b) => b.name).join(', ')} on this machine`, {
      details: missing.map((b) => `${b.name}: not found in ${b.candidates.join(', ')}`),
      hint: `apt-get install -y ${[...new Set(missing.map((b) => b.aptPackage))].join(' ')}`,
    });
  }
  return found;
}

/** `ldd <file>` output; a static binary makes ldd exit 1 with "not a dynamic executable", which is an answer too. */
export function lddOutput(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ldd', [file], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const text = `${stdout}\n${stderr}`;
      if (error && !/not a dynamic executable|statically linked/.test(text)) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          new HarnessError('E_PLATFORM_UNAVAILABLE', `ldd ${file} failed: ${error.message}`, {
            cause: error,
            hint: code === 'ENOENT' ? 'ldd comes with the C library tools: apt-get install -y libc-bin' : undefined,
          }),
        );
        return;
      }
      resolve(text);
    });
  });
}
