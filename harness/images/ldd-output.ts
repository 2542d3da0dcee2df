/**
 * Parses `ldd <binary>` output into the shared libraries a rootfs must contain. ldd prints the whole
 * transitive closure, each library at the path the loader resolved, so copying exactly these paths
 * (plus the interpreter line) makes the binary start in an otherwise empty image.
 */
export interface LddLibraries {
  /** Absolute paths, in ldd's order, without duplicates (the interpreter included). */
  readonly paths: readonly string[];
  /** Sonames ldd could not resolve ("libfoo.so.1 => not found"): the binary would not start. */
  readonly missing: readonly string[];
  /** True for "statically linked" / "not a dynamic executable": nothing to copy. */
  readonly static: boolean;
}

export function librariesFromLdd(output: string): LddLibraries {
  const paths: string[] = [];
  const missing: string[] = [];
  let isStatic = false;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (/statically linked|not a dynamic executable/.test(line)) {
      isStatic = true;
      continue;
    }
    // "libssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x...)" or "libfoo.so => not found"
    const arrow = /^(\S+)\s+=>\s+(.*)$/.exec(line);
    if (arrow) {
      const [, soname, rest] = arrow as unknown as [string, string, string];
      if (rest.startsWith('not found')) missing.push(soname);
      else {
        const target = /^(\/\S+)/.exec(rest)?.[1];
        if (target) paths.push(target);
        // "=> (0x...)" without a path is the vDSO on some systems: provided by the kernel.
      }
      continue;
    }
    // "/lib64/ld-linux-x86-64.so.2 (0x...)": the interpreter. "linux-vdso.so.1 (0x...)": the kernel's.
    const bare = /^(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line);
    if (bare?.[1]) paths.push(bare[1]);
  }
  return { paths: [...new Set(paths)], missing, static: isStatic && paths.length === 0 };
}
