import { isIP } from 'node:net';

/**
 * The harness sends load only to this machine (127.0.0.0/8, ::1, localhost) or to containers and
 * namespaces a run created itself: pointing a benchmark at someone else's server by mistake is a
 * denial of service, so a non-loopback external target is refused, never quietly accepted.
 */
export type LoopbackCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly message: string };

export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

export function checkLoopbackUrl(text: string): LoopbackCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: `"${text}" must be http:// or https://` };
  if (!isLoopbackHostname(url.hostname)) {
    return { ok: false, message: `"${text}" is not on this machine: external targets must be loopback addresses (127.0.0.1, ::1, localhost)` };
  }
  return { ok: true, url };
}

export const LOOPBACK_HINT =
  'publish the deployment on 127.0.0.1 (e.g. `ports: ["127.0.0.1:8080:8080"]` in compose) and point the URL there; the harness never sends load to other machines';
