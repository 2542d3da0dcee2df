import { describe, expect, it } from 'vitest';
import { productionPackages } from './production-packages.js';

describe('productionPackages', () => {
  it('keeps what `npm ci --omit=dev` installs, parents before nested folders', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'mcp-lb-bench' },
        'node_modules/zod': { version: '4.0.0' },
        'node_modules/vitest': { version: '4.0.0', dev: true },
        'node_modules/a/node_modules/b': { version: '1.0.0' },
        'node_modules/a': { version: '1.0.0' },
        'node_modules/fsevents': { version: '2.0.0', optional: true },
        'node_modules/vitest/node_modules/c': { version: '1.0.0', dev: true },
      },
    });
    expect(productionPackages(lock).packages).toEqual([
      { folder: 'node_modules/a', optional: false },
      { folder: 'node_modules/fsevents', optional: true },
      { folder: 'node_modules/zod', optional: false },
      { folder: 'node_modules/a/node_modules/b', optional: false },
    ]);
  });

  it('refuses a lockfile v1 (no packages map) and linked workspaces, with the fix', () => {
    expect(() => productionPackages(JSON.stringify({ lockfileVersion: 1, dependencies: {} }))).toThrow(/no "packages" map/);
    expect(() => productionPackages(JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/x': { link: true } } }))).toThrow(/links node_modules\/x/);
  });

  it('reads the repository lockfile: no dev-only tool ends up in the replica image', async () => {
    const { readFileSync } = await import('node:fs');
    const folders = productionPackages(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')).packages.map((p) => p.folder);
    expect(folders).toContain('node_modules/@modelcontextprotocol/sdk');
    expect(folders).not.toContain('node_modules/vitest');
    expect(folders).not.toContain('node_modules/typescript');
  });
});
