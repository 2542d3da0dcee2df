import type { FsOracle, HostNodeKind } from '../host-path-entries.js';

/** A Debian 12 style tree: merged /usr (/lib -> usr/lib) and versioned library links. */
export function fakeFs(tree: Record<string, HostNodeKind | { link: string }>): FsOracle {
  return {
    kind: (p) => {
      const node = tree[p];
      if (node === undefined) return 'missing';
      return typeof node === 'string' ? node : 'symlink';
    },
    readlink: (p) => {
      const node = tree[p];
      if (typeof node !== 'object') throw new Error(`${p} is not a link`);
      return node.link;
    },
  };
}

export const DEBIAN_TREE = {
  '/lib': { link: 'usr/lib' },
  '/lib64': { link: 'usr/lib64' },
  '/usr': 'dir',
  '/usr/lib': 'dir',
  '/usr/lib64': 'dir',
  '/usr/lib64/ld-linux-x86-64.so.2': { link: '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' },
  '/usr/lib/x86_64-linux-gnu': 'dir',
  '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2': 'file',
  '/usr/lib/x86_64-linux-gnu/libssl.so.3': 'file',
  '/usr/lib/x86_64-linux-gnu/libz.so.1': { link: 'libz.so.1.2.13' },
  '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13': 'file',
  '/usr/lib/x86_64-linux-gnu/libc.so.6': 'file',
  '/usr/sbin': 'dir',
  '/usr/sbin/nginx': 'file',
  '/usr/bin': 'dir',
  '/usr/bin/busybox': 'file',
  '/bin': { link: 'usr/bin' },
} as const;
