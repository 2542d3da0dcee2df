import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Availability } from './balancer.js';
import { findExecutable } from '../proc/find-executable.js';

const execFileAsync = promisify(execFile);

export const NGINX_SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'] as const;
/**
 * Oldest release the generated configuration works with: `mirror` (route-by-body) came in 1.13.4;
 * `hash ... consistent`, `proxy_next_upstream_tries` and upstream `keepalive` are older.
 */
export const MIN_NGINX_VERSION: readonly [number, number, number] = [1, 13, 4];
const INSTALL_HINT = 'install it (`apt-get install nginx-light`) or use `balancer: haproxy` / `balancer: builtin`';

/** Parses `nginx -v` output, e.g. "nginx version: nginx/1.22.1" (also openresty/x.y.z). */
export function parseNginxVersion(output: string): { full: string; parts: [number, number, number] } | undefined {
  const m = /version: (?:nginx|openresty)\/((\d+)\.(\d+)\.(\d+)\S*)/.exec(output);
  if (!m) return undefined;
  return { full: m[1]!, parts: [Number(m[2]), Number(m[3]), Number(m[4])] };
}

export function isSupportedNginxVersion(parts: readonly [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    if (parts[i]! !== MIN_NGINX_VERSION[i]) return parts[i]! > MIN_NGINX_VERSION[i]!;
  }
  return true;
}

export async function nginxAvailability(searchDirs: readonly string[] = NGINX_SEARCH_DIRS): Promise<Availability> {
  const binary = await findExecutable('nginx', searchDirs);
  if (!binary) return { available: false, reason: `nginx not found on PATH or in ${searchDirs.join(', ')}: ${INSTALL_HINT}` };
  let output: string;
  try {
    // `nginx -v` prints to stderr and exits; it reads no configuration.
    const { stdout, stderr } = await execFileAsync(binary, ['-v'], { timeout: 10_000 });
    output = stdout + stderr;
  } catch (e) {
    return { available: false, reason: `\`${binary} -v\` failed (${(e as Error).message.split('\n')[0]}): ${INSTALL_HINT}` };
  }
  const version = parseNginxVersion(output);
  if (!version) return { available: false, reason: `cannot read a version from \`${binary} -v\` (printed: ${JSON.stringify(output.slice(0, 120))})` };
  if (!isSupportedNginxVersion(version.parts)) {
    return { available: false, reason: `${binary} is nginx ${version.full}; at least ${MIN_NGINX_VERSION.join('.')} is needed: upgrade it or use another balancer` };
  }
  return { available: true, version: version.full, path: binary };
}
