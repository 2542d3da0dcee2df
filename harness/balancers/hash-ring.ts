/**
 * 32-bit FNV-1a with a murmur3 finalizer: cheap, deterministic across runs and machines (no seed), and
 * well mixed in the low bits, which `% n` and the ring both rely on.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A consistent-hash ring (ketama style, `pointsPerBackend` points each, like nginx's 160 per weight):
 * a key maps to the first point at or after its hash. Removing a backend moves only its own keys.
 */
export class HashRing {
  private readonly points: Uint32Array;
  private readonly owners: Uint16Array;

  constructor(backendIds: readonly string[], pointsPerBackend = 160) {
    const entries: Array<[number, number]> = [];
    backendIds.forEach((id, index) => {
      for (let p = 0; p < pointsPerBackend; p++) entries.push([hash32(`${id}-${p}`), index]);
    });
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.points = Uint32Array.from(entries, (e) => e[0]);
    this.owners = Uint16Array.from(entries, (e) => e[1]);
  }

  /** Backend index owning `key`. */
  lookup(key: string): number {
    const h = hash32(key);
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === this.points.length ? 0 : lo]!;
  }
}
