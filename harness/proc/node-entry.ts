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

/** Key in workerData under which a source-mode bootstrap finds the module to load. */
export const WORKER_ENTRY_KEY = '__mcpLbBenchEntry';

/**
 * What to hand `new Worker()` for a harness module. From dist/ that is the .js file. From sources,
 * `--import tsx` in a worker's execArgv does not apply on Node 20, so a one-line ESM bootstrap (a
 * data: URL) registers tsx inside the worker and then imports the .ts module.
 */
export function workerEntry(relativeWithoutExtension: string): { readonly url: string | URL; readonly workerData: Record<string, string> } {
  const file = harnessModulePath(relativeWithoutExtension);
  if (!runningFromSource) return { url: file, workerData: {} };
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const code = `import { register } from '${tsxApi}'; import { workerData } from 'node:worker_threads'; register(); await import(workerData['${WORKER_ENTRY_KEY}']);`;
  return { url: new URL('data:text/javascript,' + encodeURIComponent(code)), workerData: { [WORKER_ENTRY_KEY]: pathToFileURL(file).href } };
}
