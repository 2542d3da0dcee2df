import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, HarnessError } from '../errors/harness-error.js';
import { buildDockerfileImages } from '../images/build-dockerfile-images.js';
import { buildOfflineImages } from '../images/build-offline-images.js';
import { IMAGE_KINDS, type ImageKind } from '../images/image-names.js';
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

function parseKinds(only: string | undefined): ImageKind[] {
  if (only === undefined) return [...IMAGE_KINDS];
  const kinds = only.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(IMAGE_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0 || kinds.length === 0) {
    throw new HarnessError('E_USAGE', `--only: unknown image kind(s) ${unknown.join(', ') || '(none given)'}`, { hint: `valid: ${IMAGE_KINDS.join(', ')}` });
  }
  return kinds as ImageKind[];
}

/** `mcp-lb-bench images build [--offline] [--only replica,haproxy]`: the docker platform's images. */
export async function imagesBuildCommand(opts: ImagesBuildOptions, io: CliIo): Promise<number> {
  const err = styleFor(io.stderr);
  const out = styleFor(io.stdout);
  try {
    const kinds = parseKinds(opts.only);
    const version = harnessVersion();
    const onProgress = (m: string): void => void io.stderr.write(err.dim(m) + '\n');
    if (opts.offline) {
      const built = await buildOfflineImages({ kinds, repoRoot, version, onProgress });
      for (const b of built) io.stdout.write(`${out.bold(b.tag)}  ${(b.sizeBytes / 1e6).toFixed(1)} MB  (${b.entries} rootfs entries, ${(b.durationMs / 1000).toFixed(1)} s)\n`);
    } else {
      const built = await buildDockerfileImages({ kinds, repoRoot, version, onProgress });
      for (const b of built) io.stdout.write(`${out.bold(b.tag)}\n`);
    }
    return ExitCode.ok;
  } catch (e) {
    return printError(e, io.stderr, err);
  }
}
