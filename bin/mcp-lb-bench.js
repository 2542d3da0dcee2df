#!/usr/bin/env node
// Thin shim: everything lives in harness/cli (compiled to dist/ by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/harness/cli/cli-entry.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('mcp-lb-bench is not built yet: run `npm ci` (or `npm run build`) in the repository first.\n');
  process.exit(1);
}
await import(entry.href);
