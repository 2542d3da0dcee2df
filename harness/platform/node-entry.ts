import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

/**
 * How to start one of the harness's own Node entry points (a replica, the built-in balancer, a load
 * worker) as a child process. From the compiled tree (`dist/`) the entry is plain JavaScript; when the
 * harness itself runs from TypeScript sources (vitest, tsx) the child gets the tsx loader so tests
 * never depend on a stale build.
 */
export interface NodeCommand {
  readonly command: string;
  readonly args: readonly string[];
}

const here = fileURLToPath(import.meta.url);
const runningFromSource = here.endsWith('.ts');
const harnessDir = path.resolve(path.dirname(here), '..');

/** Absolute path of a module under `harness/`, e.g. `servers/replica-main`. */
export function harnessModulePath(relativeWithoutExtension: string): string {
  return path.join(harnessDir, relativeWithoutExtension + (runningFromSource ? '.ts' : '.js'));
}

export function nodeEntry(relativeWithoutExtension: string, args: readonly string[] = []): NodeCommand {
  const file = harnessModulePath(relativeWithoutExtension);
  const loader = runningFromSource
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  return { command: process.execPath, args: [...loader, file, ...args] };
}

/** execArgv for a worker thread running a harness module (same source/dist rule). */
export function workerExecArgv(): string[] {
  return runningFromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
}
