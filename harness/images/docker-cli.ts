import { spawn } from 'node:child_process';
import { HarnessError } from '../errors/harness-error.js';

/**
 * Runs the `docker` CLI (image builds and imports only; containers go through testcontainers).
 * Output is captured and quoted in errors; a missing CLI or daemon becomes a HarnessError with the fix.
 */
export interface DockerCliResult {
  readonly stdout: string;
  readonly stderr: string;
}

export const DOCKER_SETUP_HINT =
  'Install and start Docker: `apt-get install -y docker.io busybox-static docker-compose`, then `scripts/start-dockerd.sh` (or `dockerd &` as root).';

export function dockerCli(args: readonly string[], options: { stdin?: NodeJS.ReadableStream; signal?: AbortSignal } = {}): Promise<DockerCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', [...args], { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], signal: options.signal });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    if (options.stdin && child.stdin) options.stdin.pipe(child.stdin);
    child.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'ENOENT'
          ? new HarnessError('E_PLATFORM_UNAVAILABLE', 'the docker CLI is not installed', { cause: e, hint: DOCKER_SETUP_HINT })
          : new HarnessError('E_PLATFORM_UNAVAILABLE', `docker ${args[0] ?? ''} failed to start: ${e.message}`, { cause: e }),
      );
    });
    child.once('close', (code) => {
      if (code === 0) return resolve({ stdout, stderr });
      const daemonDown = /Cannot connect to the Docker daemon|Is the docker daemon running/.test(stderr);
      reject(
        new HarnessError('E_PLATFORM_UNAVAILABLE', `docker ${args[0] ?? ''} exited with code ${code}`, {
          details: stderr.trim().split('\n').slice(-8),
          hint: daemonDown ? DOCKER_SETUP_HINT : undefined,
        }),
      );
    });
  });
}
