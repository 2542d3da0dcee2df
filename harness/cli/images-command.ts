import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, HarnessError } from '../errors/harness-error.js';
import { buildDockerfileImages } from '../images/build-dockerfile-images.js';
import { buildOfflineImages } from '../images/build-offline-images.js';
import { IMAGE_KINDS, type ImageKind } from '../images/image-names.js';
import { buildPackageImage, installedPackageVersion } from '../images/build-package-image.js';
import { PACKAGE_IMAGES, packageImageTag, type PackageImage } from '../images/package-images.js';
import { dockerCli } from '../images/docker-cli.js';
import { harnessVersion } from '../results/environment-info.js';
import { styleFor } from '../output/format.js';
import type { CliIo } from './io.js';
import { printError } from './print-error.js';

export interface ImagesBuildOptions {
  readonly offline?: boolean;
  /** Comma-separated kinds; all when absent. */
  readonly only?: string;
}

const here = fileURLToPath(import.meta.url);
// harness/cli/ from source, dist/harness/cli/ when compiled.
const repoRoot = path.resolve(path.dirname(here), here.endsWith('.ts') ? '../..' : '../../..');

/** The harness's images to build, and the public server packages' (only when named: `--only everything`). */
function parseKinds(only: string | undefined): { kinds: ImageKind[]; packages: PackageImage[] } {
  if (only === undefined) return { kinds: [...IMAGE_KINDS], packages: [] };
  const names = only.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = names.filter((k) => !(IMAGE_KINDS as readonly string[]).includes(k) && PACKAGE_IMAGES[k] === undefined);
  if (unknown.length > 0 || names.length === 0) {
    throw new HarnessError('E_USAGE', `--only: unknown image kind(s) ${unknown.join(', ') || '(none given)'}`, { hint: `valid: ${[...IMAGE_KINDS, ...Object.keys(PACKAGE_IMAGES)].join(', ')}` });
  }
  return { kinds: names.filter((k): k is ImageKind => (IMAGE_KINDS as readonly string[]).includes(k)), packages: names.flatMap((k) => PACKAGE_IMAGES[k] ?? []) };
}

/** images/<name>.Dockerfile (FROM node, npm install of the package at the installed version). */
async function buildPackageDockerfile(image: PackageImage, onProgress: (m: string) => void): Promise<string> {
  const version = installedPackageVersion(repoRoot, image);
  const tag = packageImageTag(image, version);
  const dockerfile = path.join(repoRoot, 'images', `${image.name}.Dockerfile`);
  onProgress(`${tag}: docker build -f ${path.relative(repoRoot, dockerfile)}`);
  await dockerCli(['build', '-f', dockerfile, '--build-arg', `VERSION=${version}`, '-t', tag, path.join(repoRoot, 'images')]);
  return tag;
}

/** `mcp-lb-bench images build [--offline] [--only replica,haproxy]`: the docker platform's images. */
export async function imagesBuildCommand(opts: ImagesBuildOptions, io: CliIo): Promise<number> {
  const err = styleFor(io.stderr);
  const out = styleFor(io.stdout);
  try {
    const { kinds, packages } = parseKinds(opts.only);
    const version = harnessVersion();
    const onProgress = (m: string): void => void io.stderr.write(err.dim(m) + '\n');
    if (opts.offline) {
      const built: Array<{ tag: string; sizeBytes: number; entries: number; durationMs: number }> = kinds.length > 0 ? await buildOfflineImages({ kinds, repoRoot, version, onProgress }) : [];
      for (const image of packages) built.push(await buildPackageImage({ image, repoRoot, onProgress }));
      for (const b of built) io.stdout.write(`${out.bold(b.tag)}  ${(b.sizeBytes / 1e6).toFixed(1)} MB  (${b.entries} rootfs entries, ${(b.durationMs / 1000).toFixed(1)} s)\n`);
    } else {
      const built = kinds.length > 0 ? await buildDockerfileImages({ kinds, repoRoot, version, onProgress }) : [];
      for (const b of built) io.stdout.write(`${out.bold(b.tag)}\n`);
      for (const image of packages) io.stdout.write(`${out.bold(await buildPackageDockerfile(image, onProgress))}\n`);
    }
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, err);
  }
}
