/**
 * Per-session cookies, as a browser or a cookie-keeping HTTP stack would hold them: enough for a
 * balancer-inserted affinity cookie (name=value, replaced on update, removed by Max-Age=0 or an
 * Expires in the past). Path, domain and secure attributes do not matter on a single origin.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  private header: string | undefined;

  /** The Cookie request header, or undefined when the jar is empty. */
  cookieHeader(): string | undefined {
    return this.header;
  }

  store(setCookie: string | string[] | undefined): void {
    if (setCookie === undefined) return;
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) this.storeOne(line);
    this.header = this.cookies.size === 0 ? undefined : [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private storeOne(line: string): void {
    const [pair, ...attrs] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (!pair || eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => {
      const [k, v] = a.split('=').map((x) => x.trim());
      if (k?.toLowerCase() === 'max-age') return Number(v) <= 0;
      if (k?.toLowerCase() === 'expires') return Date.parse(v ?? '') < Date.now();
      return false;
    });
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
