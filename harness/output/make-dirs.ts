import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p` that ends. Node's `mkdir(dir, { recursive: true })` retries forever, at full CPU and deaf
 * to Ctrl-C, where mkdir(2) answers ENOENT although the parent exists, as everywhere under /proc
 * (`--results-dir /proc/self`). This walks up to the deepest folder that exists, then creates each
 * missing one once, top down: one mkdir per path component, and the first refusal is the answer.
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; ) {
    const stats = await stat(current).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (stats !== undefined) {
      if (!stats.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR', path: current });
      break;
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (e) {
      // Made meanwhile by someone else (another run starting at the same moment): fine if it is a folder.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw e;
    }
  }
}
