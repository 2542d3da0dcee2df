/**
 * Hop-by-hop handling for a transparent proxy (RFC 9110 §7.6.1): headers that describe one
 * connection are dropped, with any header the Connection header names; everything else passes
 * untouched, in order and case. The output keeps Node's flat raw [name, value, ...] layout.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export function forwardableRawHeaders(rawHeaders: readonly string[]): string[] {
  let extra: Set<string> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 10 && name.toLowerCase() === 'connection') {
      for (const token of rawHeaders[i + 1]!.split(',')) {
        const t = token.trim().toLowerCase();
        if (t !== '' && t !== 'close' && t !== 'keep-alive') (extra ??= new Set()).add(t);
      }
    }
  }
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    // The fixed hop-by-hop names are 2, 7, 10, 16 or 17 characters long: other names skip the lower-casing.
    const lower = isCandidate(name.length) || extra !== undefined ? name.toLowerCase() : undefined;
    if (lower !== undefined && (HOP_BY_HOP.has(lower) || extra?.has(lower))) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  return out;
}

/** True when the raw list carries Content-Length (a response of known size, not a stream). */
export function hasContentLength(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 14 && name.toLowerCase() === 'content-length') return true;
  }
  return false;
}

function isCandidate(length: number): boolean {
  return length === 2 || length === 7 || length === 10 || length === 16 || length === 17;
}
