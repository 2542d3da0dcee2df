import { createRequire } from 'node:module';
import path from 'node:path';
import type { UserServerCommand } from '../../config/resolved-scenario.js';

/**
 * The public MCP server package the tests run as "your own server" (a dev dependency this project did
 * not write): @modelcontextprotocol/server-everything in its streamableHttp mode, port from $PORT.
 * For tests only.
 */
const entry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');

export const EVERYTHING_COMMAND: UserServerCommand = {
  argv: [process.execPath, entry, 'streamableHttp'],
  env: { PORT: '{port}' },
  cwd: path.dirname(entry),
};
