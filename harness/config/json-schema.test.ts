import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderScenarioJsonSchema, SCENARIO_JSON_SCHEMA_FILE, scenarioJsonSchema } from './json-schema.js';

describe('scenario JSON Schema', () => {
  it(`${SCENARIO_JSON_SCHEMA_FILE} is what the generator produces (else run: npm run schema)`, () => {
    const committed = readFileSync(fileURLToPath(new URL(`../../${SCENARIO_JSON_SCHEMA_FILE}`, import.meta.url)), 'utf8');
    expect(committed).toBe(renderScenarioJsonSchema());
  });

  it('describes the file format: strict, with required keys, defaults and shortcuts', () => {
    const schema = scenarioJsonSchema() as {
      $schema: string;
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { default?: unknown; anyOf?: unknown[] }>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'matrix', 'load']);
    expect(schema.properties['seed']?.default).toBe(1);
    expect(schema.properties['balancer']?.default).toBe('auto');
    expect(schema.properties['balancer']?.anyOf).toHaveLength(2);
  });
});
