import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).endsWith('.ts') ? '../..' : '../../..');

export function harnessVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Version of an installed package, read from its package.json (exports maps may hide it from require). */
export function packageVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export function gitInfo(): { sha: string | undefined; dirty: boolean | undefined } {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    return { sha, dirty: status.trim().length > 0 };
  } catch {
    return { sha: undefined, dirty: undefined };
  }
}

/** The machine a run measured: needed to judge whether two results are comparable. */
export function environmentInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    loadAverage: os.loadavg(),
    ci: process.env['CI'] === 'true',
  };
}

export function softwareVersions(extra: Record<string, string> = {}): Record<string, string> {
  const names = ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server', '@modelcontextprotocol/node', 'undici', 'hdr-histogram-js'];
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = packageVersion(n);
    if (v) out[n] = v;
  }
  return { ...out, ...extra };
}
