import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { IMAGE_RECIPES } from './image-recipes.js';
import { rootfsPlan, type PlanEntry } from './rootfs-plan.js';
import { DEBIAN_TREE, fakeFs } from './testing/fake-fs.js';

const NGINX_LDD = `
\tlinux-vdso.so.1 (0x00007ffd)
\tlibssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x1)
\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x2)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x3)
\t/lib64/ld-linux-x86-64.so.2 (0x4)
`;
const STATIC = '\tnot a dynamic executable\n';

function plan(overrides: { ldd?: string; busyboxLdd?: string } = {}): PlanEntry[] {
  return rootfsPlan({
    recipe: IMAGE_RECIPES.nginx,
    binaries: ['/usr/sbin/nginx'],
    busybox: '/usr/bin/busybox',
    ldd: new Map([
      ['/usr/sbin/nginx', overrides.ldd ?? NGINX_LDD],
      ['/usr/bin/busybox', overrides.busyboxLdd ?? STATIC],
    ]),
    fs: fakeFs(DEBIAN_TREE),
  });
}

describe('rootfsPlan (nginx on a merged-/usr host)', () => {
  const entries = plan();
  const byPath = new Map(entries.map((e) => [e.path, e]));

  it('copies the binary and every library ldd named, at the paths they resolve to', () => {
    const files = entries.filter((e) => e.kind === 'file').map((e) => e.path);
    expect(files).toEqual([
      '/usr/sbin/nginx',
      '/usr/lib/x86_64-linux-gnu/libssl.so.3',
      '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
      '/usr/lib/x86_64-linux-gnu/libc.so.6',
      '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      '/usr/bin/busybox',
    ]);
  });

  it('mirrors the merged-/usr links, so /lib64/ld-linux-x86-64.so.2 (the ELF interpreter) resolves', () => {
    expect(byPath.get('/lib')).toEqual({ kind: 'symlink', path: '/lib', target: 'usr/lib' });
    expect(byPath.get('/lib64')).toEqual({ kind: 'symlink', path: '/lib64', target: 'usr/lib64' });
    expect(byPath.get('/bin')).toEqual({ kind: 'symlink', path: '/bin', target: 'usr/bin' });
  });

  it('gives the image a shell: busybox applets in /usr/bin (and so /bin/sh through the /bin link)', () => {
    expect(byPath.get('/usr/bin/sh')).toEqual({ kind: 'symlink', path: '/usr/bin/sh', target: '/usr/bin/busybox' });
    expect(byPath.get('/usr/bin/wget')?.kind).toBe('symlink');
    expect(byPath.has('/bin/sh')).toBe(false);
  });

  it('adds users, groups and the directories nginx opens before reading its config', () => {
    expect(byPath.get('/etc/passwd')).toMatchObject({ kind: 'content' });
    expect((byPath.get('/etc/group') as { content: string }).content).toContain('nogroup:x:65534:');
    for (const dir of ['/tmp', '/var/log/nginx', '/var/lib/nginx', '/run']) expect(byPath.get(dir)).toEqual({ kind: 'dir', path: dir });
  });

  it('lists no path twice', () => {
    expect(new Set(entries.map((e) => e.path)).size).toBe(entries.length);
  });

  it('adds /bin/sh itself on a host without a merged /usr', () => {
    const { '/bin': _bin, ...tree } = DEBIAN_TREE;
    const entries = rootfsPlan({
      recipe: IMAGE_RECIPES.nginx,
      binaries: ['/usr/sbin/nginx'],
      busybox: '/usr/bin/busybox',
      ldd: new Map([['/usr/sbin/nginx', NGINX_LDD], ['/usr/bin/busybox', STATIC]]),
      fs: fakeFs(tree),
    });
    expect(entries.find((e) => e.path === '/bin/sh')).toEqual({ kind: 'symlink', path: '/bin/sh', target: '/usr/bin/busybox' });
  });

  it('refuses a binary with unresolved libraries, naming the package to reinstall', () => {
    const error = (() => {
      try {
        plan({ ldd: '\tlibfoo.so.1 => not found\n' });
      } catch (e) {
        return e as HarnessError;
      }
      throw new Error('expected a failure');
    })();
    expect(error.message).toContain('libfoo.so.1');
    expect(error.hint).toContain('nginx-light');
  });

  it('refuses a dynamically linked busybox (the images would have no working shell)', () => {
    expect(() => plan({ busyboxLdd: NGINX_LDD })).toThrow(/not statically linked/);
  });
});

describe('rootfsPlan (replica)', () => {
  it('adds the compiled harness and each present production package, skipping nested node_modules', () => {
    const entries = rootfsPlan({
      recipe: IMAGE_RECIPES.replica,
      binaries: ['/usr/sbin/nginx'], // any host file stands in for node here
      busybox: '/usr/bin/busybox',
      ldd: new Map([['/usr/sbin/nginx', NGINX_LDD], ['/usr/bin/busybox', STATIC]]),
      fs: fakeFs(DEBIAN_TREE),
      app: {
        repoRoot: '/repo',
        packages: [
          { folder: 'node_modules/undici', optional: false },
          { folder: 'node_modules/fsevents', optional: true },
        ],
        present: new Set(['node_modules/undici']),
      },
    });
    const app = entries.filter((e) => e.path.startsWith('/app/'));
    expect(app).toEqual([
      { kind: 'file', path: '/app/package.json', source: '/repo/package.json' },
      { kind: 'tree', path: '/app/dist/harness', source: '/repo/dist/harness', skipNodeModules: false },
      { kind: 'tree', path: '/app/node_modules/undici', source: '/repo/node_modules/undici', skipNodeModules: true },
    ]);
  });

  it('refuses a checkout that lacks a required production package (npm ci not run)', () => {
    let error: HarnessError | undefined;
    try {
      rootfsPlan({
        recipe: IMAGE_RECIPES.replica,
        binaries: ['/usr/sbin/nginx'],
        busybox: '/usr/bin/busybox',
        ldd: new Map([['/usr/sbin/nginx', NGINX_LDD], ['/usr/bin/busybox', STATIC]]),
        fs: fakeFs(DEBIAN_TREE),
        app: { repoRoot: '/repo', packages: [{ folder: 'node_modules/undici', optional: false }], present: new Set() },
      });
    } catch (e) {
      error = e as HarnessError;
    }
    expect(error?.message).toContain('node_modules/undici');
    expect(error?.hint).toContain('npm ci');
  });
});
