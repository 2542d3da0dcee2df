import { HarnessError } from '../errors/harness-error.js';
import type { ProductionPackage } from './production-packages.js';

interface LockEntry {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly optional?: boolean;
  readonly link?: boolean;
}

/**
 * The node_modules folders one installed package needs at run time, read from package-lock.json: the
 * package itself and, transitively, each dependency where Node would find it from the requiring
 * package's folder (its own node_modules first, then each parent's, up to the top). An image holding
 * exactly these runs the package as `npm install <package>` would have installed it.
 */
export function packageClosure(lockText: string, rootFolder: string): ProductionPackage[] {
  const lock = JSON.parse(lockText) as { packages?: Record<string, LockEntry> };
  const packages = lock.packages ?? {};
  if (packages[rootFolder] === undefined) {
    throw new HarnessError('E_USAGE', `package-lock.json has no ${rootFolder}`, { hint: 'Run `npm ci` in the checkout (the package is a dev dependency), then build again.' });
  }
  const found = new Map<string, ProductionPackage>();
  const missing: string[] = [];
  const visit = (folder: string, optional: boolean): void => {
    if (found.has(folder)) return;
    const entry = packages[folder] as LockEntry;
    if (entry.link) throw new HarnessError('E_USAGE', `package-lock.json links ${folder}; the offline image cannot copy links`, { hint: 'Install it from the registry (npm ci), not as a link.' });
    found.set(folder, { folder, optional: optional || entry.optional === true });
    const deps = [...Object.keys(entry.dependencies ?? {}).map((n) => [n, false] as const), ...Object.keys(entry.optionalDependencies ?? {}).map((n) => [n, true] as const)];
    for (const [name, isOptional] of deps) {
      const at = resolveFrom(packages, folder, name);
      if (at === undefined) {
        if (!isOptional) missing.push(`${name} (needed by ${folder})`);
        continue;
      }
      visit(at, optional || isOptional);
    }
  };
  visit(rootFolder, false);
  if (missing.length > 0) throw new HarnessError('E_USAGE', `package-lock.json lacks dependencies of ${rootFolder}: ${missing.slice(0, 3).join(', ')}`, { hint: 'Run `npm ci` and build again.' });
  const depth = (p: ProductionPackage): number => p.folder.split('/node_modules/').length;
  return [...found.values()].sort((a, b) => depth(a) - depth(b) || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** Node's lookup: <folder>/node_modules/<name>, then the same from each enclosing package folder, then the top. */
function resolveFrom(packages: Readonly<Record<string, LockEntry>>, folder: string, name: string): string | undefined {
  let base = folder;
  for (;;) {
    const candidate = `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    const cut = base.lastIndexOf('/node_modules/');
    if (cut < 0) break;
    base = base.slice(0, cut);
  }
  return packages[`node_modules/${name}`] !== undefined ? `node_modules/${name}` : undefined;
}
