import { describe, expect, it } from 'vitest';
import { librariesFromLdd } from './ldd-output.js';

// Real `ldd /usr/sbin/nginx` output on Debian 12 (abridged), with the vDSO and the interpreter lines.
const NGINX = `
\tlinux-vdso.so.1 (0x00007f98d7c96000)
\tlibcrypt.so.1 => /lib/x86_64-linux-gnu/libcrypt.so.1 (0x00007f98d7af5000)
\tlibpcre2-8.so.0 => /lib/x86_64-linux-gnu/libpcre2-8.so.0 (0x00007f98d7a5b000)
\tlibssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x00007f98d79b2000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f98d721e000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f98d7c98000)
`;

describe('librariesFromLdd', () => {
  it('lists every resolved library and the interpreter, but not the kernel vDSO', () => {
    expect(librariesFromLdd(NGINX)).toEqual({
      paths: [
        '/lib/x86_64-linux-gnu/libcrypt.so.1',
        '/lib/x86_64-linux-gnu/libpcre2-8.so.0',
        '/lib/x86_64-linux-gnu/libssl.so.3',
        '/lib/x86_64-linux-gnu/libc.so.6',
        '/lib64/ld-linux-x86-64.so.2',
      ],
      missing: [],
      static: false,
    });
  });

  it('reports unresolved libraries by soname instead of dropping them', () => {
    const out = librariesFromLdd('\tlibfoo.so.1 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n');
    expect(out.missing).toEqual(['libfoo.so.1']);
    expect(out.paths).toEqual(['/lib/x86_64-linux-gnu/libc.so.6']);
  });

  it('recognises a static binary (busybox-static) in either wording', () => {
    expect(librariesFromLdd('\tnot a dynamic executable\n')).toEqual({ paths: [], missing: [], static: true });
    expect(librariesFromLdd('\tstatically linked\n').static).toBe(true);
  });

  it('lists a library once even when ldd repeats it', () => {
    const line = '\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x1)\n';
    expect(librariesFromLdd(line + line).paths).toEqual(['/lib/x86_64-linux-gnu/libm.so.6']);
  });
});
