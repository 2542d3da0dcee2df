import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Availability } from './balancer.js';
import { findExecutable } from '../proc/find-executable.js';

const execFileAsync = promisify(execFile);

export const HAPROXY_SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin'] as const;
/** Oldest release the generated configuration is known to work with (HTX, `bind fd@`, stick store-response). */
export const MIN_HAPROXY_VERSION: readonly [number, number] = [2, 0];
const INSTALL_HINT = 'install it (`apt-get install haproxy`) or use `balancer: builtin`';

export interface HaproxyVersion {
  /** As printed, e.g. "2.6.12-1+deb12u4". */
  readonly full: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses the first line of `haproxy -v`, e.g. "HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/". */
export function parseHaproxyVersion(output: string): HaproxyVersion | undefined {
  const m = /(?:HAProxy|HA-Proxy) version ((\d+)\.(\d+)(?:\.(\d+))?\S*)/.exec(output);
  if (!m) return undefined;
  return { full: m[1]!, major: Number(m[2]), minor: Number(m[3]), patch: Number(m[4] ?? 0) };
}

export function isSupportedHaproxyVersion(v: HaproxyVersion): boolean {
  const [major, minor] = MIN_HAPROXY_VERSION;
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** Finds the binary and checks its version. Never throws: an unusable HAProxy is a reason, not an error. */
export async function haproxyAvailability(searchDirs: readonly string[] = HAPROXY_SEARCH_DIRS): Promise<Availability> {
  const binary = await findExecutable('haproxy', searchDirs);
  if (!binary) {
    return { available: false, reason: `haproxy not found on PATH or in ${searchDirs.join(', ')}: ${INSTALL_HINT}` };
  }
  let output: string;
  try {
    // A one-shot probe whose whole output is needed, so execFile rather than a managed StartedProcess.
    const { stdout, stderr } = await execFileAsync(binary, ['-v'], { timeout: 10_000 });
    output = stdout + stderr;
  } catch (e) {
    return { available: false, reason: `\`${binary} -v\` failed (${(e as Error).message.split('\n')[0]}): ${INSTALL_HINT}` };
  }
  const version = parseHaproxyVersion(output);
  if (!version) {
    return { available: false, reason: `cannot read a version from \`${binary} -v\` (printed: ${JSON.stringify(output.slice(0, 120))})` };
  }
  if (!isSupportedHaproxyVersion(version)) {
    return { available: false, reason: `${binary} is HAProxy ${version.full}; at least ${MIN_HAPROXY_VERSION.join('.')} is needed: upgrade it or use \`balancer: builtin\`` };
  }
  return { available: true, version: version.full, path: binary };
}
