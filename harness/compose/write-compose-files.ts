/**
 * Writes compose/*.yml and their HAProxy configs from compose-files.ts:
 *   npm run compose      (or: npx tsx harness/compose/write-compose-files.ts)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { harnessVersion } from '../results/environment-info.js';
import { composeFile, composeFileName, composeHaproxyConfig, haproxyConfigFileName, HEADLINE_TOPOLOGIES } from './compose-files.js';

const dir = fileURLToPath(new URL('../../compose/', import.meta.url));
for (const t of HEADLINE_TOPOLOGIES) {
  writeFileSync(dir + composeFileName(t), composeFile(t, harnessVersion()));
  writeFileSync(dir + haproxyConfigFileName(t), composeHaproxyConfig(t));
  process.stdout.write(`wrote compose/${composeFileName(t)} and compose/${haproxyConfigFileName(t)}\n`);
}
