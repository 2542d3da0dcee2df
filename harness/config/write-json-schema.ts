/**
 * Writes scenarios/scenario.schema.json from the zod schema:
 *   npm run schema      (or: npx tsx harness/config/write-json-schema.ts)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderScenarioJsonSchema, SCENARIO_JSON_SCHEMA_FILE } from './json-schema.js';

// Resolved from this source file, so the script works from any directory.
const target = fileURLToPath(new URL(`../../${SCENARIO_JSON_SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, renderScenarioJsonSchema());
process.stdout.write(`wrote ${target}\n`);
