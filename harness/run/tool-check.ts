import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { suggestionHint } from '../config/did-you-mean.js';
import type { ToolMixEntry } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import type { ListedTool } from '../protocol/preflight-requests.js';

/**
 * Checks the workload's tools against what the server itself lists (tools/list): every tool exists and
 * every set of arguments the run will send validates against the tool's inputSchema. Validation is
 * Ajv's (the JSON Schema validator the MCP SDKs themselves use), with the draft the schema names
 * ($schema: draft-07, 2019-09 or 2020-12). A mismatch is an invalid scenario (exit 2) quoting the schema.
 */
export interface ToolProblem {
  readonly path: string;
  readonly message: string;
  readonly schema?: Record<string, unknown>;
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  const options = { strict: false, allErrors: true } as const;
  const ajv = dialect.includes('2020-12') ? new Ajv2020(options) : dialect.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  // draft-04/06 ids Ajv does not load by default: the keywords used in tool schemas read the same.
  const { $schema: _dialect, ...rest } = schema;
  return ajv.compile(/draft-0[46]/.test(dialect) ? rest : schema);
}

/** Every argument set an entry can send (fixed, or each of its list). */
export function argumentSets(entry: ToolMixEntry): ReadonlyArray<Readonly<Record<string, unknown>>> {
  return entry.argumentsFrom?.values ?? [entry.arguments];
}

export function checkTools(entries: readonly ToolMixEntry[], tools: readonly ListedTool[]): ToolProblem[] {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const problems: ToolProblem[] = [];
  entries.forEach((entry, i) => {
    const tool = byName.get(entry.name);
    if (tool === undefined) {
      problems.push({ path: `workload.tools[${i}].name`, message: `the server lists no tool "${entry.name}" (${suggestionHint(entry.name, [...byName.keys()], 'its tools')})` });
      return;
    }
    if (entry.argumentsFrom?.kind === 'schema') return; // generated from the schema, and checked where they are made
    let validate: ValidateFunction;
    try {
      validate = validatorFor(tool.inputSchema);
    } catch (e) {
      problems.push({ path: `workload.tools[${i}]`, message: `the inputSchema of "${entry.name}" cannot be compiled (${e instanceof Error ? e.message : String(e)})`, schema: tool.inputSchema });
      return;
    }
    argumentSets(entry).forEach((args, j) => {
      if (validate(args)) return;
      const where = entry.argumentsFrom ? `workload.tools[${i}].argumentsFrom.${entry.argumentsFrom.kind}[${j}]` : `workload.tools[${i}].arguments`;
      const why = (validate.errors ?? []).map((e) => `${e.instancePath || '(arguments)'} ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params['additionalProperty'])}"` : ''}`).join('; ');
      problems.push({ path: where, message: `arguments of "${entry.name}" do not match its inputSchema: ${why}`, schema: tool.inputSchema });
    });
  });
  return problems;
}

/** The problems as one invalid-scenario error (exit 2), each with the tool's schema. */
export function toolProblemsError(model: string, problems: readonly ToolProblem[]): HarnessError {
  return new HarnessError('E_SCENARIO_INVALID', `the workload's tools do not fit your ${model} server (checked against its tools/list): ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
    details: problems.flatMap((p) => [`${p.path}: ${p.message}`, ...(p.schema ? [`  inputSchema: ${JSON.stringify(p.schema)}`] : [])]),
    hint: 'Use the tool names and argument names your server lists (`tools/list`); the inputSchema of each is quoted above.',
  });
}
