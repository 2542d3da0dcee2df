import { parse as parseYaml } from 'yaml';
import { parsePath, type ObjectPath } from './object-path.js';
import type { ScenarioProblem } from './scenario-problem.js';
import { isUnsafeKey, UNSAFE_KEY_HINT } from './unsafe-keys.js';

/**
 * The env and flag layers, as a list of "set this path to this value" overrides on the raw document.
 * Values stay raw (YAML scalars, not yet checked) so validation treats them like file values and can
 * name the env var or flag a bad value came from.
 */

export interface ScenarioOverride {
  readonly path: ObjectPath;
  readonly value: unknown;
  /** Where the value came from, as a user would type it: `--rate`, `MCP_LB_BENCH_RATE`, `--set load.rate=30`. */
  readonly source: string;
}

/** Scenario settings given on the command line. Strings are read as YAML scalars ("20" is 20). */
export interface ScenarioFlags {
  readonly duration?: string | number | undefined;
  readonly warmup?: string | number | undefined;
  readonly rate?: string | number | undefined;
  readonly clients?: string | number | undefined;
  /** Repetitions of every cell (load.repetitions). */
  readonly repeat?: string | number | undefined;
  readonly balancer?: string | undefined;
  readonly platform?: string | undefined;
  /** "1,3" or [1, 3]. */
  readonly replicas?: string | readonly number[] | undefined;
  /** "legacy,stateless" or ["legacy", "stateless"]. */
  readonly models?: string | readonly string[] | undefined;
  readonly policies?: string | readonly string[] | undefined;
  readonly seed?: string | number | undefined;
  /** `dotted.path=value`, value read as YAML (`matrix.policy=[round-robin]`); applied last, in order. */
  readonly set?: readonly string[] | undefined;
}

/** Env var -> document path, in the order they are applied. */
export const SCENARIO_ENV_VARS = {
  MCP_LB_BENCH_DURATION: ['load', 'duration'],
  MCP_LB_BENCH_WARMUP: ['load', 'warmup'],
  MCP_LB_BENCH_RATE: ['load', 'rate'],
  MCP_LB_BENCH_BALANCER: ['balancer'],
  MCP_LB_BENCH_PLATFORM: ['platform'],
  MCP_LB_BENCH_SEED: ['seed'],
} as const satisfies Record<string, ObjectPath>;

const SCALAR_FLAGS = {
  duration: ['load', 'duration'],
  warmup: ['load', 'warmup'],
  rate: ['load', 'rate'],
  clients: ['load', 'clients'],
  repeat: ['load', 'repetitions'],
  balancer: ['balancer'],
  platform: ['platform'],
  seed: ['seed'],
} as const satisfies Partial<Record<keyof ScenarioFlags, ObjectPath>>;

const LIST_FLAGS = {
  replicas: ['matrix', 'replicas'],
  models: ['matrix', 'model'],
  policies: ['matrix', 'policy'],
} as const satisfies Partial<Record<keyof ScenarioFlags, ObjectPath>>;

/** Reads text as a YAML scalar; text that is not valid YAML stays text, for validation to judge. */
function scalarValue(text: string): unknown {
  try {
    return parseYaml(text) ?? null;
  } catch {
    return text;
  }
}

const rawValue = (value: string | number): unknown => (typeof value === 'string' ? scalarValue(value) : value);

function listValue(value: string | readonly (string | number)[]): unknown[] {
  return typeof value === 'string' ? value.split(',').map((part) => scalarValue(part.trim())) : [...value];
}

/** Env overrides. An unset variable (undefined) is skipped; an empty one is a value, and gets checked. */
export function envOverrides(env: Readonly<Record<string, string | undefined>>): ScenarioOverride[] {
  return Object.entries(SCENARIO_ENV_VARS).flatMap(([name, path]) => {
    const text = env[name];
    return text === undefined ? [] : [{ path, value: scalarValue(text), source: name }];
  });
}

function setOverride(assignment: string): ScenarioOverride | ScenarioProblem {
  const source = `--set ${assignment}`;
  const equals = assignment.indexOf('=');
  const path = equals < 0 ? undefined : parsePath(assignment.slice(0, equals).trim());
  if (path === undefined) {
    return { path: [], subject: source, message: 'expected dotted.path=value', hint: 'e.g. --set load.rate=30 or --set matrix.policy=[round-robin]' };
  }
  const unsafe = path.find(isUnsafeKey);
  if (unsafe !== undefined) return { path: [], subject: source, message: `${JSON.stringify(unsafe)} cannot be part of a path`, hint: `${UNSAFE_KEY_HINT.replace(/: remove it$/, '')}; set a scenario field, e.g. --set load.rate=30` };
  try {
    return { path, value: parseYaml(assignment.slice(equals + 1)) ?? null, source };
  } catch (cause) {
    const [reason = ''] = (cause as Error).message.split('\n');
    const bare = reason.replace(/ at line \d+, column \d+:?$/, '');
    return { path, subject: source, message: `value is not valid YAML: ${bare}`, hint: 'quote it, e.g. --set description="a: b"' };
  }
}

/** Flag overrides, in a fixed order: scalar flags, list flags, then each --set in the order given. */
export function flagOverrides(flags: ScenarioFlags): { overrides: ScenarioOverride[]; problems: ScenarioProblem[] } {
  const overrides: ScenarioOverride[] = [];
  const problems: ScenarioProblem[] = [];
  for (const [flag, path] of Object.entries(SCALAR_FLAGS)) {
    const value = flags[flag as keyof typeof SCALAR_FLAGS];
    if (value !== undefined) overrides.push({ path, value: rawValue(value), source: `--${flag}` });
  }
  for (const [flag, path] of Object.entries(LIST_FLAGS)) {
    const value = flags[flag as keyof typeof LIST_FLAGS];
    if (value !== undefined) overrides.push({ path, value: listValue(value), source: `--${flag}` });
  }
  for (const assignment of flags.set ?? []) {
    const result = setOverride(assignment);
    if ('source' in result) overrides.push(result);
    else problems.push(result);
  }
  return { overrides, problems };
}
