import { chmod, copyFile, cp, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORLD_WRITABLE_DIRS } from './image-recipes.js';
import type { PlanEntry } from './rootfs-plan.js';

/**
 * Writes a rootfs plan into `dir` (an empty staging folder), ready for `tar | docker import`.
 * Files are copied, never hard-linked: the permissions set here must not touch the host's files.
 */
export async function stageRootfs(dir: string, entries: readonly PlanEntry[]): Promise<void> {
  const at = (p: string): string => path.join(dir, p);
  const parentOf = async (p: string): Promise<void> => {
    await mkdir(path.dirname(at(p)), { recursive: true });
  };
  // Directories first, then content, links last (a link may point at something created later).
  for (const e of entries) if (e.kind === 'dir') await mkdir(at(e.path), { recursive: true });
  for (const e of entries) {
    if (e.kind === 'file') {
      await parentOf(e.path);
      await copyFile(e.source, at(e.path));
      await chmod(at(e.path), (await stat(e.source)).mode & 0o7777);
    } else if (e.kind === 'content') {
      await parentOf(e.path);
      await writeFile(at(e.path), e.content, { mode: 0o644 });
    } else if (e.kind === 'tree') {
      await parentOf(e.path);
      const root = e.source;
      await cp(root, at(e.path), {
        recursive: true,
        verbatimSymlinks: true,
        // Nested node_modules of a package are separate lockfile entries (copied, or left out as dev-only).
        filter: (src) => !(e.skipNodeModules && src !== root && path.basename(src) === 'node_modules'),
      });
    }
  }
  for (const e of entries) {
    if (e.kind !== 'symlink') continue;
    await parentOf(e.path);
    await symlink(e.target, at(e.path));
  }
  for (const d of WORLD_WRITABLE_DIRS) await chmod(at(d), 0o1777);
}
