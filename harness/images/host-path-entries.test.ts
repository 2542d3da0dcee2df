import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { hostPathEntries, mergeEntries } from './host-path-entries.js';
import { DEBIAN_TREE, fakeFs } from './testing/fake-fs.js';

describe('hostPathEntries', () => {
  const fs = fakeFs(DEBIAN_TREE);

  it('recreates a merged-/usr link and copies the file behind it', () => {
    expect(hostPathEntries('/lib/x86_64-linux-gnu/libssl.so.3', fs)).toEqual([
      { kind: 'symlink', path: '/lib', target: 'usr/lib' },
      { kind: 'dir', path: '/usr' },
      { kind: 'dir', path: '/usr/lib' },
      { kind: 'dir', path: '/usr/lib/x86_64-linux-gnu' },
      { kind: 'file', path: '/usr/lib/x86_64-linux-gnu/libssl.so.3', source: '/usr/lib/x86_64-linux-gnu/libssl.so.3' },
    ]);
  });

  it('follows a chain of links (the interpreter: /lib64 -> usr/lib64, then an absolute link)', () => {
    const entries = hostPathEntries('/lib64/ld-linux-x86-64.so.2', fs);
    expect(entries.filter((e) => e.kind !== 'dir')).toEqual([
      { kind: 'symlink', path: '/lib64', target: 'usr/lib64' },
      { kind: 'symlink', path: '/usr/lib64/ld-linux-x86-64.so.2', target: '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' },
      { kind: 'symlink', path: '/lib', target: 'usr/lib' },
      { kind: 'file', path: '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', source: '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' },
    ]);
  });

  it('keeps a relative version link as a link', () => {
    const entries = hostPathEntries('/usr/lib/x86_64-linux-gnu/libz.so.1', fs);
    expect(entries.filter((e) => e.kind !== 'dir')).toEqual([
      { kind: 'symlink', path: '/usr/lib/x86_64-linux-gnu/libz.so.1', target: 'libz.so.1.2.13' },
      { kind: 'file', path: '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13', source: '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13' },
    ]);
  });

  it('refuses a missing path, a directory, and a link loop', () => {
    expect(() => hostPathEntries('/usr/lib/x86_64-linux-gnu/libnope.so', fs)).toThrow(HarnessError);
    expect(() => hostPathEntries('/usr/lib', fs)).toThrow(/directory/);
    const loop = fakeFs({ '/a': { link: '/b' }, '/b': { link: '/a' } });
    expect(() => hostPathEntries('/a', loop)).toThrow(/symlinks/);
  });
});

describe('mergeEntries', () => {
  it('drops exact duplicates (two libraries in one folder share their parents)', () => {
    const fs = fakeFs(DEBIAN_TREE);
    const merged = mergeEntries([hostPathEntries('/lib/x86_64-linux-gnu/libssl.so.3', fs), hostPathEntries('/lib/x86_64-linux-gnu/libc.so.6', fs)]);
    expect(merged.map((e) => e.path)).toEqual([
      '/lib',
      '/usr',
      '/usr/lib',
      '/usr/lib/x86_64-linux-gnu',
      '/usr/lib/x86_64-linux-gnu/libssl.so.3',
      '/usr/lib/x86_64-linux-gnu/libc.so.6',
    ]);
  });

  it('refuses one path as two different things', () => {
    expect(() => mergeEntries([[{ kind: 'dir', path: '/lib' }], [{ kind: 'symlink', path: '/lib', target: 'usr/lib' }]])).toThrow(/conflicting/);
  });
});
