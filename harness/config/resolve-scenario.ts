import { HarnessError } from '../errors/harness-error.js';
import { applyOverrides, overrideFor } from './apply-overrides.js';
import { deepFreeze } from './deep-freeze.js';
import { describeIssues } from './describe-issues.js';
import { loadScenarioDocument, type ScenarioDocument, type ScenarioSource } from './load-scenario-document.js';
import type { ResolvedScenario } from './resolved-scenario.js';
import { envOverrides, flagOverrides, type ScenarioFlags, type ScenarioOverride } from './scenario-overrides.js';
import { renderProblem, type ScenarioProblem } from './scenario-problem.js';
import { namesUserServer, scenarioSchema, userServerScenarioSchema } from './scenario-schema.js';
import { resolveUserServerPaths } from './user-server-paths.js';
import { stripUnsafeKeys } from './unsafe-keys.js';

/**
 * The config pipeline, the only code that turns files, env and flags into settings:
 * load -> merge layers (defaults < file < env < flags) -> desugar + validate (one zod pass) -> freeze.
 */

export type { ScenarioFlags } from './scenario-overrides.js';
export { SCENARIO_ENV_VARS } from './scenario-overrides.js';

export interface ResolveScenarioInput extends ScenarioSource {
  /** Environment to read MCP_LB_BENCH_* from. Not process.env by default: only the CLI reads the real one. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly flags?: ScenarioFlags | undefined;
}

/** Enough to fix a file by; more only buries the first ones (a wrong file can have thousands). */
export const MAX_PROBLEMS_SHOWN = 50;

export const SCENARIO_SCHEMA_HINT =
  'fix each problem listed; the format is described by scenarios/scenario.schema.json, which editors with the YAML language server check as you type';

function attribute(problem: ScenarioProblem, applied: readonly ScenarioOverride[], source: ScenarioDocument): ScenarioProblem {
  const override = overrideFor(problem.path, applied, source.data);
  if (override !== undefined) return { ...problem, origin: `from ${override.source}` };
  const position = source.locate(problem.path);
  return { ...problem, origin: position === undefined ? `in ${source.label}` : `in ${source.label}:${position.line}:${position.col}` };
}

/**
 * `--balancer x` and MCP_LB_BENCH_BALANCER choose the implementation. When the file's `balancer` is a
 * mapping (pools, health checks, retries), they set its `implementation` instead of replacing it, so
 * switching balancers from the command line keeps the rest of the section.
 */
function implementationOnly(overrides: readonly ScenarioOverride[], data: unknown): ScenarioOverride[] {
  const section = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['balancer'] : undefined;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return [...overrides];
  return overrides.map((o) => (o.path.length === 1 && o.path[0] === 'balancer' && typeof o.value === 'string' ? { ...o, path: ['balancer', 'implementation'] } : o));
}

/**
 * Resolves a scenario into the validated, defaulted, deep-frozen ResolvedScenario. Synchronous (the
 * file is small and read once at start-up).
 * Throws HarnessError E_SCENARIO_READ when the file cannot be read or parsed (with line and column), and
 * E_SCENARIO_INVALID listing every problem, one line each, in `details`; both exit with code 2.
 */
export function resolveScenario(input: ResolveScenarioInput): ResolvedScenario {
  const source = loadScenarioDocument(input);
  const flags = flagOverrides(input.flags ?? {});
  const merged = applyOverrides(source.data, implementationOnly([...envOverrides(input.env ?? {}), ...flags.overrides], source.data));
  const problems: ScenarioProblem[] = [...flags.problems, ...merged.problems];
  // Before validation, so the schema never sees them (nor reports them a second time as unknown keys).
  problems.push(...stripUnsafeKeys(merged.document).map((p) => attribute(p, merged.applied, source)));
  // Your own server's tools are checked against the server itself before the run; the reference tools here.
  const schema = namesUserServer(merged.document) ? userServerScenarioSchema : scenarioSchema;
  const parsed = schema.safeParse(merged.document);
  if (!parsed.success) {
    const found = describeIssues(parsed.error.issues, schema, merged.document);
    problems.push(...found.map((p) => attribute(p, merged.applied, source)));
  }
  if (problems.length > 0 || !parsed.success) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(renderProblem);
    const more = problems.length - shown.length;
    throw new HarnessError('E_SCENARIO_INVALID', `scenario ${source.label} is invalid: ${count}`, {
      details: more > 0 ? [...shown, `… and ${more} more (fix these first, then run again)`] : shown,
      hint: SCENARIO_SCHEMA_HINT,
    });
  }
  // Every field the schema produces flows through as is; only where the file came from is added here.
  const resolved: ResolvedScenario = { ...parsed.data, servers: resolveUserServerPaths(parsed.data.servers, source.sourceFile), sourceFile: source.sourceFile };
  return deepFreeze(resolved);
}
