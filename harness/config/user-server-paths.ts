import path from 'node:path';
import type { ServersSpec, UserServerSpec } from './resolved-scenario.js';

/**
 * A user server's working directory is relative to the scenario file's folder (as docker-compose
 * resolves its paths), so a scenario runs the same from any directory; without a file, relative to the
 * harness's own working directory. Resolved once here: nothing later reads where the file was.
 */
export function resolveUserServerPaths(servers: ServersSpec, sourceFile: string | undefined, cwd: string = process.cwd()): ServersSpec {
  if (servers.user === undefined) return servers;
  const base = sourceFile === undefined ? cwd : path.dirname(path.resolve(cwd, sourceFile));
  const user: Record<string, UserServerSpec> = {};
  for (const [model, spec] of Object.entries(servers.user)) {
    if (spec === undefined) continue;
    user[model] = spec.command === undefined ? spec : { ...spec, command: { ...spec.command, cwd: path.resolve(base, spec.command.cwd ?? '.') } };
  }
  return { ...servers, user };
}
