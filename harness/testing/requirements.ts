import { existsSync } from 'node:fs';

/**
 * Integration tests that need a third-party tool skip with a one-line reason on a developer machine
 * that lacks it, and fail under CI (CI=true), where .ci/run installs everything.
 */
export function requireTool(name: string, paths: readonly string[]): { skip: boolean; reason: string } {
  const found = paths.some((p) => existsSync(p));
  if (found) return { skip: false, reason: '' };
  if (process.env['CI'] === 'true') throw new Error(`${name} is required under CI=true but was not found in ${paths.join(', ')}; .ci/run should have installed it`);
  return { skip: true, reason: `${name} not installed (apt-get install ${name}); skipping its tests` };
}

export const HAPROXY_PATHS = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy'] as const;
export const REDIS_SERVER_PATHS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'] as const;
/** Debian's chromium (apt-get install chromium); the report's browser test drives it, never a downloaded browser. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;
