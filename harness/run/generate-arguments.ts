import { generateSync, type JsonSchema } from 'json-schema-faker';
import type { ToolMixEntry } from '../config/resolved-scenario.js';
import type { ListedTool } from '../protocol/preflight-requests.js';
import { mixSeed } from '../workload/prng.js';
import { checkTools, type ToolProblem } from './tool-check.js';

/**
 * `argumentsFrom: { schema: N }`: N argument sets generated from the tool's own inputSchema (as the
 * server lists it) with json-schema-faker, seeded from the run's seed and the entry's position, so a
 * scenario replays the same arguments. Optional properties are left out (only what the schema
 * requires), and every set is validated like user-written arguments before the run uses it.
 */
export function withGeneratedArguments(entries: readonly ToolMixEntry[], tools: readonly ListedTool[], seed: number): { entries: ToolMixEntry[]; problems: ToolProblem[] } {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const out = entries.map((entry, i): ToolMixEntry => {
    const from = entry.argumentsFrom;
    const tool = byName.get(entry.name);
    if (from?.kind !== 'schema' || tool === undefined) return entry;
    const values = Array.from({ length: from.count }, (_, j) => {
      const value = generateSync(tool.inputSchema as JsonSchema, { seed: mixSeed(mixSeed(seed, i), j), optionalsProbability: 0, maxLength: 32, maxItems: 4 });
      return (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
    });
    return { ...entry, argumentsFrom: { kind: 'schema', count: from.count, values } };
  });
  // What was generated is checked like anything else; a kind 'list' copy makes checkTools look at the values.
  const problems = checkTools(
    out.map((e) => (e.argumentsFrom?.kind === 'schema' ? { ...e, argumentsFrom: { kind: 'list' as const, values: e.argumentsFrom.values ?? [] } } : e)),
    tools,
  ).filter((p) => p.path.includes('argumentsFrom'));
  return { entries: out, problems: problems.map((p) => ({ ...p, message: `generated ${p.message}`, path: p.path.replace('argumentsFrom.list', 'argumentsFrom.schema') })) };
}
