import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { hostFs, lddOutput, locateBinaries } from './host-fs.js';
import { BUSYBOX, IMAGE_RECIPES, REPLICA_ENTRY } from './image-recipes.js';
import { defaultImageName, type ImageKind } from './image-names.js';
import { importRootfs } from './import-rootfs.js';
import { productionPackages } from './production-packages.js';
import { rootfsPlan, type AppContent } from './rootfs-plan.js';
import { stageRootfs } from './stage-rootfs.js';

export interface OfflineBuildOptions {
  readonly kinds: readonly ImageKind[];
  readonly repoRoot: string;
  readonly version: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export interface BuiltImage {
  readonly kind: ImageKind;
  readonly tag: string;
  readonly sizeBytes: number;
  readonly entries: number;
  readonly durationMs: number;
}

/**
 * `mcp-lb-bench images build --offline`: the images of IMAGE_RECIPES made from this machine's own
 * binaries, for machines that reach no registry. Everything is checked before the first import, so a
 * missing binary or build fails fast with the package to install.
 */
export async function buildOfflineImages(options: OfflineBuildOptions): Promise<BuiltImage[]> {
  const recipes = options.kinds.map((k) => IMAGE_RECIPES[k]);
  const [busybox] = locateBinaries([BUSYBOX]) as [string];
  const binaries = new Map(recipes.map((r) => [r.kind, locateBinaries(r.binaries)]));
  const app = recipes.some((r) => r.app) ? appContent(options.repoRoot) : undefined;

  const built: BuiltImage[] = [];
  for (const recipe of recipes) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    const paths = binaries.get(recipe.kind) ?? [];
    const ldd = new Map<string, string>();
    for (const file of [...paths, busybox]) ldd.set(file, await lddOutput(file));
    const plan = rootfsPlan({ recipe, binaries: paths, busybox, ldd, fs: hostFs, ...(app ? { app } : {}) });
    const tag = defaultImageName(recipe.kind, options.version);
    options.onProgress?.(`${tag}: ${recipe.description}; ${plan.length} rootfs entries`);
    const staging = await mkdtemp(path.join(os.tmpdir(), `mcp-lb-bench-${recipe.kind}-rootfs-`));
    try {
      await stageRootfs(staging, plan);
      const image = await importRootfs(staging, tag, recipe.changes, `mcp-lb-bench ${options.version} offline build of ${recipe.kind} from host binaries`, options.signal);
      built.push({ kind: recipe.kind, tag, sizeBytes: image.sizeBytes, entries: plan.length, durationMs: performance.now() - started });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return built;
}

function appContent(repoRoot: string): AppContent {
  const entry = path.join(repoRoot, REPLICA_ENTRY.replace(/^\/app\//, ''));
  if (!existsSync(entry)) {
    throw new HarnessError('E_USAGE', `the replica image needs the compiled harness, but ${entry} does not exist`, {
      hint: 'Run `npm run build` (or `npm ci`, which builds dist/) first, then `mcp-lb-bench images build --offline` again.',
    });
  }
  const lockFile = path.join(repoRoot, 'package-lock.json');
  if (!existsSync(lockFile)) throw new HarnessError('E_USAGE', `${lockFile} is missing`, { hint: 'Run `npm install` to create it, then build again.' });
  const { packages } = productionPackages(readFileSync(lockFile, 'utf8'));
  const present = new Set(packages.filter((p) => existsSync(path.join(repoRoot, p.folder, 'package.json'))).map((p) => p.folder));
  return { repoRoot, packages, present };
}
