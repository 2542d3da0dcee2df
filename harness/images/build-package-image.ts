import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { hostFs, lddOutput, locateBinaries } from './host-fs.js';
import { BUSYBOX, IMAGE_RECIPES } from './image-recipes.js';
import { importRootfs } from './import-rootfs.js';
import { packageClosure } from './package-closure.js';
import { packageImageChanges, packageImageTag, type PackageImage } from './package-images.js';
import { rootfsPlan, type PlanEntry } from './rootfs-plan.js';
import { stageRootfs } from './stage-rootfs.js';

export interface PackageImageBuild {
  readonly image: PackageImage;
  readonly repoRoot: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export interface BuiltPackageImage {
  readonly name: string;
  readonly tag: string;
  readonly sizeBytes: number;
  readonly entries: number;
  readonly durationMs: number;
}

/** The installed version of a package image's npm package (its tag), or an error saying to install it. */
export function installedPackageVersion(repoRoot: string, image: PackageImage): string {
  const manifest = path.join(repoRoot, 'node_modules', image.packageName, 'package.json');
  if (!existsSync(manifest)) {
    throw new HarnessError('E_USAGE', `${image.packageName} is not installed in ${repoRoot}`, { hint: 'Run `npm ci` (it is a dev dependency), then build the image again.' });
  }
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * A package image without a registry: the host's node (and its libraries), a static busybox, and the
 * package with exactly the dependencies package-lock.json resolves for it, under /app/node_modules —
 * the offline twin of images/<name>.Dockerfile.
 */
export async function buildPackageImage(options: PackageImageBuild): Promise<BuiltPackageImage> {
  const { image, repoRoot } = options;
  const started = performance.now();
  const version = installedPackageVersion(repoRoot, image);
  const lockFile = path.join(repoRoot, 'package-lock.json');
  const closure = packageClosure(readFileSync(lockFile, 'utf8'), `node_modules/${image.packageName}`);
  const absent = closure.filter((p) => !p.optional && !existsSync(path.join(repoRoot, p.folder, 'package.json')));
  if (absent.length > 0) throw new HarnessError('E_USAGE', `the checkout lacks ${absent.length} package(s) ${image.packageName} needs, e.g. ${absent[0]?.folder}`, { hint: 'Run `npm ci`, then build again.' });
  const node = IMAGE_RECIPES.replica.binaries;
  const binaries = locateBinaries(node);
  const [busybox] = locateBinaries([BUSYBOX]) as [string];
  const ldd = new Map<string, string>();
  for (const file of [...binaries, busybox]) ldd.set(file, await lddOutput(file));
  const recipe = { ...IMAGE_RECIPES.replica, kind: image.name, description: image.description, app: false, changes: packageImageChanges(image) };
  const plan: PlanEntry[] = [
    ...rootfsPlan({ recipe, binaries, busybox, ldd, fs: hostFs }),
    ...closure
      .filter((p) => existsSync(path.join(repoRoot, p.folder)))
      .map((p): PlanEntry => ({ kind: 'tree', path: `/app/${p.folder}`, source: path.join(repoRoot, p.folder), skipNodeModules: true })),
  ];
  const tag = packageImageTag(image, version);
  options.onProgress?.(`${tag}: ${image.description}; ${closure.length} npm packages, ${plan.length} rootfs entries`);
  const staging = await mkdtemp(path.join(os.tmpdir(), `mcp-lb-bench-${image.name}-rootfs-`));
  try {
    await stageRootfs(staging, plan);
    const imported = await importRootfs(staging, tag, recipe.changes, `mcp-lb-bench offline build of ${image.packageName}@${version} from host node`, options.signal);
    return { name: image.name, tag, sizeBytes: imported.sizeBytes, entries: plan.length, durationMs: performance.now() - started };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
