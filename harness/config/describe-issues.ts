import type { z } from 'zod';
import { suggestionHint } from './did-you-mean.js';
import { isPlainObject, valueAt, type ObjectPath, type PathSegment } from './object-path.js';
import type { ScenarioProblem } from './scenario-problem.js';
import { schemaAtPath } from './schema-at-path.js';
import { showValue } from './show-value.js';

/**
 * Turns zod issues into problems a person can act on: the path as written in the file, what is wrong
 * in the file's own terms (not zod's), and a hint — a "did you mean", the accepted values, or the
 * field's own description from the schema.
 */

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

interface Context {
  readonly schema: AnySchema;
  readonly document: unknown;
}

/** What an enumerated value is called, by the key that holds it. */
const VALUE_NOUNS: Record<string, string> = {
  model: 'protocol model',
  policy: 'policy',
  balancer: 'balancer implementation',
  implementation: 'balancer implementation',
  platform: 'platform',
  executor: 'executor',
  name: 'tool',
};

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

const TOP_LEVEL_HINT = 'a scenario is a mapping with at least name, matrix and load; scenarios/smoke.yaml is a small example';

function nounFor(path: ObjectPath): string {
  const key = [...path].reverse().find((s): s is string => typeof s === 'string');
  return (key === undefined ? undefined : VALUE_NOUNS[key]) ?? 'value';
}

/** The field's own description; a list entry without one borrows its list's ("replica counts, 1..16"). */
function describedHint(ctx: Context, path: ObjectPath): string | undefined {
  const own = schemaAtPath(ctx.schema, path, ctx.document)?.description;
  if (own !== undefined || typeof path[path.length - 1] !== 'number') return own;
  return describedHint(ctx, path.slice(0, -1));
}

const isArgumentsPath = (path: ObjectPath): boolean => path[path.length - 1] === 'arguments';

function unknownKeys(issue: Extract<Issue, { code: 'unrecognized_keys' }>, path: PathSegment[], ctx: Context): ScenarioProblem[] {
  const location = schemaAtPath(ctx.schema, path, ctx.document);
  const keys = location?.keys ?? [];
  const what = isArgumentsPath(path) ? 'argument' : 'key';
  return issue.keys.map((key) => {
    const branch = location?.otherBranches.find((b) => b.keys.includes(key));
    const hint = branch
      ? `"${key}" only applies with ${branch.label}; valid ${what}s here: ${keys.join(', ')}`
      : suggestionHint(key, keys, `valid ${what}s`);
    return { path: [...path, key], message: `unknown ${what}`, hint };
  });
}

/** A union of shapes (value | list, name | mapping): report the branch matching the value's shape. */
function unionIssues(issue: Extract<Issue, { code: 'invalid_union' }>, path: PathSegment[], ctx: Context): ScenarioProblem[] {
  const input = valueAt(ctx.document, path);
  if ('discriminator' in issue && typeof issue.discriminator === 'string') {
    const options = ('options' in issue && Array.isArray(issue.options) ? issue.options : []).map(String);
    if (input === undefined) return [{ path, message: 'missing required key', hint: `one of: ${options.join(', ')}` }];
    return [{ path, message: `unknown ${nounFor(path)} ${showValue(input)}`, hint: suggestionHint(input, options) }];
  }
  const structured = Array.isArray(input) || isPlainObject(input);
  const fitting = issue.errors.filter(
    (branch) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || (structured && i.code === 'invalid_value'))),
  );
  if (fitting.length === 1) return fitting[0]!.flatMap((inner) => describeIssue({ ...inner, path: [...path, ...inner.path] }, ctx));
  return [{ path, message: `${showValue(input)} is not valid here`, hint: describedHint(ctx, path) }];
}

function invalidValue(issue: Extract<Issue, { code: 'invalid_value' }>, path: PathSegment[], ctx: Context): ScenarioProblem {
  const input = valueAt(ctx.document, path);
  const values = issue.values.map((v) => (typeof v === 'string' ? v : String(v)));
  if (input === undefined) return { path, message: 'missing required key', hint: `one of: ${values.join(', ')}` };
  if (issue.values.every((v) => typeof v === 'string')) {
    const noun = nounFor(path);
    if (typeof input !== 'string') return { path, message: `expected a ${noun} name, got ${showValue(input)}`, hint: `valid: ${values.join(', ')}` };
    return { path, message: `unknown ${noun} ${showValue(input)}`, hint: suggestionHint(input, values) };
  }
  return { path, message: `must be one of ${values.join(', ')} (got ${showValue(input)})`, hint: describedHint(ctx, path) };
}

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>, path: PathSegment[], ctx: Context): ScenarioProblem {
  const input = valueAt(ctx.document, path);
  const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
  const hint = path.length === 0 ? TOP_LEVEL_HINT : (describedHint(ctx, path) ?? `give ${expected}`);
  if (input === undefined) {
    const what = isArgumentsPath(path.slice(0, -1)) ? 'argument' : 'key';
    return { path, message: `missing required ${what}`, hint };
  }
  if (issue.expected === 'int' && typeof input === 'number') return { path, message: `must be an integer (got ${input})`, hint };
  return { path, message: `expected ${expected}, got ${showValue(input)}`, hint };
}

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, path: PathSegment[], ctx: Context): ScenarioProblem {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const hint = describedHint(ctx, path);
  if (issue.origin === 'array') {
    const message = small ? `must list at least ${limit} ${limit === 1 ? 'entry' : 'entries'}` : `must list at most ${limit} entries`;
    return { path, message, hint };
  }
  if (issue.origin === 'string') {
    const input = valueAt(ctx.document, path);
    const got = typeof input === 'string' ? ` (got ${input.length})` : '';
    return { path, message: `must be at ${small ? 'least' : 'most'} ${limit} characters long${got}`, hint };
  }
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return { path, message: `must be ${op} ${limit} (got ${showValue(valueAt(ctx.document, path))})`, hint };
}

function describeIssue(issue: Issue, ctx: Context): ScenarioProblem[] {
  const path = issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeys(issue, path, ctx);
    case 'invalid_union':
      return unionIssues(issue, path, ctx);
    case 'invalid_value':
      return [invalidValue(issue, path, ctx)];
    case 'invalid_type':
      return [invalidType(issue, path, ctx)];
    case 'too_small':
    case 'too_big':
      return [bound(issue, path, ctx)];
    case 'invalid_format': {
      const shown = showValue(valueAt(ctx.document, path));
      const rule = 'pattern' in issue && typeof issue.pattern === 'string' ? `does not match ${issue.pattern}` : `is not a valid ${issue.format}`;
      return [{ path, message: `${shown} ${rule}`, hint: describedHint(ctx, path) }];
    }
    case 'custom': {
      const hint: unknown = issue.params?.['hint'];
      return [{ path, message: issue.message, hint: typeof hint === 'string' ? hint : describedHint(ctx, path) }];
    }
    default:
      return [{ path, message: issue.message, hint: describedHint(ctx, path) }];
  }
}

export function describeIssues(issues: readonly Issue[], schema: AnySchema, document: unknown): ScenarioProblem[] {
  return issues.flatMap((issue) => describeIssue(issue, { schema, document }));
}
