import path from 'node:path';
import { HarnessError } from '../errors/harness-error.js';
import { hostPathEntries, mergeEntries, type FsOracle, type RootfsEntry } from './host-path-entries.js';
import { librariesFromLdd } from './ldd-output.js';
import { BUSYBOX, BUSYBOX_APPLETS, ETC_GROUP, ETC_PASSWD, MERGED_USR_LINKS, type ImageRecipe } from './image-recipes.js';
import type { ProductionPackage } from './production-packages.js';

/**
 * The complete file list of one offline image, decided before anything is copied: host binaries and
 * every shared library ldd names (at their host paths, symlinks kept), a static busybox for a shell,
 * /etc/passwd and /etc/group, empty working directories, and for the replica the compiled harness and
 * its production node_modules under /app. Pure: the I/O is in stage-rootfs.ts.
 */
export type PlanEntry =
  | RootfsEntry
  | { readonly kind: 'content'; readonly path: string; readonly content: string }
  /** A directory copied recursively from the checkout (skipping nested node_modules when asked). */
  | { readonly kind: 'tree'; readonly path: string; readonly source: string; readonly skipNodeModules: boolean };

export interface AppContent {
  /** Repository root holding package.json, dist/ and node_modules/. */
  readonly repoRoot: string;
  readonly packages: readonly ProductionPackage[];
  /** Folders that exist in the checkout (optional dependencies may be missing). */
  readonly present: ReadonlySet<string>;
}

export interface RootfsPlanInput {
  /** A harness image's recipe, or a package image's (kind = its name). */
  readonly recipe: Omit<ImageRecipe, 'kind'> & { readonly kind: string };
  /** Resolved host path of each recipe binary, in recipe order. */
  readonly binaries: readonly string[];
  readonly busybox: string;
  /** `ldd` output for each path in `binaries` and for `busybox`. */
  readonly ldd: ReadonlyMap<string, string>;
  readonly fs: FsOracle;
  readonly app?: AppContent;
}

export function rootfsPlan(input: RootfsPlanInput): PlanEntry[] {
  const { recipe, fs } = input;
  const lists: RootfsEntry[][] = [];
  for (const link of MERGED_USR_LINKS) if (fs.kind(link) === 'symlink') lists.push([{ kind: 'symlink', path: link, target: fs.readlink(link) }]);

  input.binaries.forEach((binary, i) => {
    const libs = librariesFromLdd(input.ldd.get(binary) ?? '');
    if (libs.missing.length > 0) {
      const pkg = recipe.binaries[i]?.aptPackage ?? '?';
      throw new HarnessError('E_PLATFORM_UNAVAILABLE', `${binary} needs shared libraries this machine lacks: ${libs.missing.join(', ')}`, {
        hint: `Reinstall it with its dependencies: apt-get install --reinstall ${pkg}`,
      });
    }
    lists.push(hostPathEntries(binary, fs), ...libs.paths.map((lib) => hostPathEntries(lib, fs)));
  });

  const busyboxLibs = librariesFromLdd(input.ldd.get(input.busybox) ?? '');
  if (!busyboxLibs.static) {
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', `${input.busybox} is not statically linked, so it cannot be the images' shell`, {
      hint: `apt-get install -y ${BUSYBOX.aptPackage}`,
    });
  }
  lists.push(hostPathEntries(input.busybox, fs));
  for (const file of recipe.optionalHostFiles) if (fs.kind(file) !== 'missing') lists.push(hostPathEntries(file, fs));
  const hostEntries = mergeEntries(lists);

  const taken = new Set(hostEntries.map((e) => e.path));
  const generated: PlanEntry[] = [];
  const addDir = (dir: string): void => {
    if (!taken.has(dir)) generated.push({ kind: 'dir', path: dir });
    taken.add(dir);
  };
  for (const dir of ['/etc', '/tmp', '/usr/bin', ...recipe.directories]) addDir(dir);
  generated.push({ kind: 'content', path: '/etc/passwd', content: ETC_PASSWD }, { kind: 'content', path: '/etc/group', content: ETC_GROUP });
  const busyboxInImage = hostEntries.find((e) => e.kind === 'file' && path.posix.basename(e.path) === 'busybox')?.path ?? input.busybox;
  for (const applet of BUSYBOX_APPLETS) {
    const at = `/usr/bin/${applet}`;
    if (!taken.has(at)) generated.push({ kind: 'symlink', path: at, target: busyboxInImage });
  }
  // Without a merged /usr, /bin is a real directory and /bin/sh must exist on its own.
  if (!taken.has('/bin')) generated.push({ kind: 'dir', path: '/bin' }, { kind: 'symlink', path: '/bin/sh', target: busyboxInImage });

  if (recipe.app) {
    if (!input.app) throw new HarnessError('E_INTERNAL', `image ${recipe.kind} needs the application files`);
    generated.push(...appEntries(input.app));
  }
  return [...hostEntries, ...generated];
}

function appEntries(app: AppContent): PlanEntry[] {
  const entries: PlanEntry[] = [
    { kind: 'file', path: '/app/package.json', source: path.join(app.repoRoot, 'package.json') },
    { kind: 'tree', path: '/app/dist/harness', source: path.join(app.repoRoot, 'dist', 'harness'), skipNodeModules: false },
  ];
  const missing: string[] = [];
  for (const pkg of app.packages) {
    if (!app.present.has(pkg.folder)) {
      if (!pkg.optional) missing.push(pkg.folder);
      continue;
    }
    entries.push({ kind: 'tree', path: `/app/${pkg.folder}`, source: path.join(app.repoRoot, pkg.folder), skipNodeModules: true });
  }
  if (missing.length > 0) {
    throw new HarnessError('E_USAGE', `the checkout lacks ${missing.length} production package(s) package-lock.json lists, e.g. ${missing.slice(0, 3).join(', ')}`, {
      hint: 'Run `npm ci` (it also builds dist/) before `mcp-lb-bench images build --offline`.',
    });
  }
  return entries;
}
