import { spawn } from 'node:child_process';
import { HarnessError } from '../errors/harness-error.js';
import { dockerCli } from './docker-cli.js';

export interface ImportedImage {
  readonly tag: string;
  readonly id: string;
  readonly sizeBytes: number;
}

/**
 * `tar -C <dir> -c . | docker import --change ... - <tag>`: the staged rootfs becomes a one-layer image.
 * Owners are normalised to root (uid 0), whoever ran the build.
 */
export async function importRootfs(dir: string, tag: string, changes: readonly string[], message: string, signal?: AbortSignal): Promise<ImportedImage> {
  const previous = await dockerCli(['image', 'inspect', '--format', '{{.Id}}', tag], { signal }).then((r) => r.stdout.trim(), () => undefined);
  const tar = spawn('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', dir, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'], signal });
  let tarErr = '';
  tar.stderr.setEncoding('utf8').on('data', (s: string) => (tarErr += s));
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.once('error', (e) => reject(new HarnessError('E_PLATFORM_UNAVAILABLE', `tar could not start: ${e.message}`, { cause: e, hint: 'apt-get install -y tar' })));
    tar.once('close', (code) => (code === 0 ? resolve() : reject(new HarnessError('E_INTERNAL', `tar exited with code ${code} while packing ${dir}`, { details: tarErr.trim().split('\n').slice(-5) }))));
  });
  const args = ['import', ...changes.flatMap((c) => ['--change', c]), '--message', message, '-', tag];
  const [imported] = await Promise.all([dockerCli(args, { stdin: tar.stdout, signal }), tarDone]);
  const id = imported.stdout.trim();
  const inspect = await dockerCli(['image', 'inspect', '--format', '{{.Size}}', tag], { signal });
  // A rebuild moves the tag; the old image would linger untagged after every build. In use, it stays.
  if (previous !== undefined && previous !== id) await dockerCli(['image', 'rm', previous], { signal }).catch(() => undefined);
  return { tag, id, sizeBytes: Number(inspect.stdout.trim()) };
}
