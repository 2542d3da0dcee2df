import { z } from 'zod';
import { userServerScenarioSchema } from './scenario-schema.js';

/**
 * The JSON Schema of the scenario file format, for editors (YAML language server, VS Code JSON), made
 * from the input side of the same zod schema the harness validates with, so the two cannot disagree.
 * The committed copy is scenarios/scenario.schema.json; regenerate it after changing the schema with
 *   npm run schema      (or: npx tsx harness/config/write-json-schema.ts)
 * json-schema.test.ts fails while the committed copy is stale.
 */

export const SCENARIO_JSON_SCHEMA_FILE = 'scenarios/scenario.schema.json';
const GENERATED_NOTE = 'Generated from harness/config/scenario-schema.ts by `npm run schema`; do not edit by hand.';

export function scenarioJsonSchema(): Record<string, unknown> {
  // draft-07: the newest draft the YAML language server fully supports.
  const generated = z.toJSONSchema(userServerScenarioSchema, { io: 'input', target: 'draft-7', unrepresentable: 'throw' });
  const { $schema, ...rest } = generated;
  return { $schema, $comment: GENERATED_NOTE, ...rest };
}

/** The file's exact text: 2-space JSON with a final newline. */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
