import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerModel } from './replica-contract.js';

/** The SDK packages each model runs on, reported in the ready line so results name what was measured. */
export const SDK_PACKAGES: Readonly<Record<ServerModel, readonly string[]>> = {
  legacy: ['@modelcontextprotocol/sdk'],
  stateless: ['@modelcontextprotocol/server', '@modelcontextprotocol/node'],
};

const require = createRequire(import.meta.url);

/**
 * The installed version of a package, read from its own package.json. The MCP packages do not export
 * `./package.json` (and the v1 SDK's main entry does not resolve under require), so this looks the
 * package directory up along Node's own node_modules search path instead of resolving an entry point.
 */
export function installedVersion(packageName: string): string {
  const searched = require.resolve.paths(packageName) ?? [];
  for (const nodeModules of searched) {
    const manifest = path.join(nodeModules, packageName, 'package.json');
    if (!existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
    if (parsed.name === packageName && typeof parsed.version === 'string') return parsed.version;
  }
  throw new Error(`package ${packageName} not found (searched ${searched.length} node_modules directories from ${path.dirname(fileURLToPath(import.meta.url))})`);
}

export function sdkVersionsFor(model: ServerModel): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of SDK_PACKAGES[model]) versions[name] = installedVersion(name);
  return versions;
}
