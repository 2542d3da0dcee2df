import { HarnessError } from '../errors/harness-error.js';

/**
 * The node_modules folders `npm ci --omit=dev` would install, read from package-lock.json (v2/v3
 * `packages` map). The offline replica image copies exactly these from the checkout, so it holds the
 * same packages as an image built from the Dockerfile, without a registry.
 */
interface LockPackage {
  readonly dev?: boolean;
  readonly link?: boolean;
  readonly optional?: boolean;
}

export interface ProductionPackage {
  /** Relative folder such as `node_modules/undici` or `node_modules/a/node_modules/b`. */
  readonly folder: string;
  /** Optional dependencies may be absent on this platform (npm skips them); the others must exist. */
  readonly optional: boolean;
}

export interface ProductionPackages {
  /** Parents before their nested node_modules. */
  readonly packages: readonly ProductionPackage[];
}

export function productionPackages(lockText: string): ProductionPackages {
  let lock: { lockfileVersion?: unknown; packages?: Record<string, LockPackage> };
  try {
    lock = JSON.parse(lockText) as typeof lock;
  } catch (e) {
    throw new HarnessError('E_INTERNAL', 'package-lock.json is not valid JSON', { cause: e, hint: 'Run `npm ci` in the repository.' });
  }
  if (typeof lock.packages !== 'object' || lock.packages === null) {
    throw new HarnessError('E_USAGE', `package-lock.json (lockfileVersion ${String(lock.lockfileVersion)}) has no "packages" map`, {
      hint: 'Regenerate it with npm 7 or later (`npm install`), which writes lockfileVersion 2 or 3.',
    });
  }
  const packages: ProductionPackage[] = [];
  for (const [folder, pkg] of Object.entries(lock.packages)) {
    // "" is the project itself; dev-only packages are what --omit=dev leaves out.
    if (folder === '' || pkg.dev === true) continue;
    if (pkg.link === true) {
      throw new HarnessError('E_USAGE', `package-lock.json links ${folder} (a workspace or file: dependency); the offline image cannot copy links`, {
        hint: 'Build the replica image from its Dockerfile instead (`mcp-lb-bench images build`).',
      });
    }
    packages.push({ folder, optional: pkg.optional === true });
  }
  // Parents before their nested node_modules, so copying in order never overwrites a child.
  const depth = (p: ProductionPackage): number => p.folder.split('/node_modules/').length;
  packages.sort((a, b) => depth(a) - depth(b) || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  return { packages };
}
