import { existsSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { dockerCli } from './docker-cli.js';
import { REPLICA_ENTRY } from './image-recipes.js';
import { defaultImageName, type ImageKind } from './image-names.js';

export interface DockerfileBuildOptions {
  readonly kinds: readonly ImageKind[];
  readonly repoRoot: string;
  readonly version: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

/** `docker build -f images/<kind>.Dockerfile` for each kind, from the repository root (needs a registry for the base images). */
export async function buildDockerfileImages(options: DockerfileBuildOptions): Promise<Array<{ kind: ImageKind; tag: string }>> {
  if (options.kinds.includes('replica') && !existsSync(path.join(options.repoRoot, REPLICA_ENTRY.replace(/^\/app\//, '')))) {
    throw new HarnessError('E_USAGE', 'the replica image copies the compiled harness, but dist/ is not built', {
      hint: 'Run `npm run build` (or `npm ci`) first.',
    });
  }
  const built: Array<{ kind: ImageKind; tag: string }> = [];
  for (const kind of options.kinds) {
    const tag = defaultImageName(kind, options.version);
    const dockerfile = path.join(options.repoRoot, 'images', `${kind}.Dockerfile`);
    options.onProgress?.(`${tag}: docker build -f ${path.relative(options.repoRoot, dockerfile)}`);
    try {
      await dockerCli(['build', '-f', dockerfile, '-t', tag, options.repoRoot], { signal: options.signal });
    } catch (e) {
      if (e instanceof HarnessError) {
        throw new HarnessError(e.code, `${e.message} (building ${tag})`, {
          cause: e,
          details: e.details,
          hint: e.hint ?? 'Base images come from a registry; on a machine without one use `images build --offline`.',
        });
      }
      throw e;
    }
    built.push({ kind, tag });
  }
  return built;
}
