import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';

/**
 * What a rootfs needs so that a host path resolves inside it exactly as on the host: every symlink on
 * the way (merged-/usr links like /lib -> usr/lib, library version links) is recreated as a symlink,
 * and only the final regular file is copied. Pure, over a small filesystem oracle, so it is unit-tested
 * with a fake tree.
 */
export type RootfsEntry =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  | { readonly kind: 'file'; readonly path: string; readonly source: string };

export type HostNodeKind = 'file' | 'dir' | 'symlink' | 'missing';

export interface FsOracle {
  kind(absolutePath: string): HostNodeKind;
  readlink(absolutePath: string): string;
}

const MAX_SYMLINK_HOPS = 40; // Linux's own limit (ELOOP)

/** Entries that reproduce `hostPath` (an absolute path to a file) inside an image at the same path. */
export function hostPathEntries(hostPath: string, fs: FsOracle): RootfsEntry[] {
  const entries: RootfsEntry[] = [];
  let current = path.posix.normalize(hostPath);
  for (let hops = 0; hops <= MAX_SYMLINK_HOPS; hops++) {
    const parts = current.split('/').filter(Boolean);
    let prefix = '';
    let redirected: string | undefined;
    for (let i = 0; i < parts.length; i++) {
      prefix += '/' + parts[i];
      const kind = fs.kind(prefix);
      const last = i === parts.length - 1;
      if (kind === 'missing') throw new HarnessError('E_INTERNAL', `cannot add ${hostPath} to an image: ${prefix} does not exist on this machine`);
      if (kind === 'symlink') {
        const target = fs.readlink(prefix);
        entries.push({ kind: 'symlink', path: prefix, target });
        const resolved = path.posix.resolve(path.posix.dirname(prefix), target);
        redirected = path.posix.join(resolved, ...parts.slice(i + 1));
        break;
      }
      if (last) {
        if (kind !== 'file') throw new HarnessError('E_INTERNAL', `cannot add ${hostPath} to an image: ${prefix} is a directory, not a file`);
        entries.push({ kind: 'file', path: prefix, source: prefix });
        return entries;
      }
      entries.push({ kind: 'dir', path: prefix });
    }
    if (redirected === undefined) return entries;
    current = redirected;
  }
  throw new HarnessError('E_INTERNAL', `cannot add ${hostPath} to an image: more than ${MAX_SYMLINK_HOPS} symlinks on the way`);
}

/**
 * Merges entry lists, dropping exact duplicates (two libraries in one directory). The same path as two
 * different things would build a broken image, so it is an error rather than last-one-wins.
 */
export function mergeEntries(lists: ReadonlyArray<readonly RootfsEntry[]>): RootfsEntry[] {
  const byPath = new Map<string, RootfsEntry>();
  for (const list of lists) {
    for (const entry of list) {
      const seen = byPath.get(entry.path);
      if (seen === undefined) byPath.set(entry.path, entry);
      else if (JSON.stringify(seen) !== JSON.stringify(entry)) {
        throw new HarnessError('E_INTERNAL', `conflicting rootfs entries for ${entry.path}: ${JSON.stringify(seen)} and ${JSON.stringify(entry)}`);
      }
    }
  }
  return [...byPath.values()];
}
