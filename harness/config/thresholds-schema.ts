import { z } from 'zod';
import { suggestionHint } from './did-you-mean.js';
import { FIGURE_CATALOG, FIGURE_NAMES, type FigureName, type FigureUnit } from './figure-catalog.js';
import { describeMatrix, matchesCell, matrixCells, scenarioCellId } from './matrix-dimensions.js';
import { exclusionSchema } from './matrix-schema.js';
import type { MatrixExclusion, MatrixSpec } from './resolved-scenario.js';
import { addHintedIssue } from './schema-fields.js';

/**
 * Pass/fail criteria on cell figures, checked after a run (exit 4 when one fails), in the spirit of
 * k6 thresholds: `callP99 < 50ms`, `errorRate <= 0.1%`. Each applies to every cell, or to the cells
 * its `cells` scope names (ids, or a partial cell such as `{ model: stateless }`).
 */

export const THRESHOLD_OPERATORS = ['<=', '>=', '<', '>'] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

/** Which cells a threshold applies to: listed ids, or every cell matching a partial cell. */
export type ThresholdScope = { readonly ids: readonly string[] } | { readonly match: MatrixExclusion };

export interface ThresholdSpec {
  /** As written, normalised: "callP99 < 50ms". */
  readonly text: string;
  readonly figure: FigureName;
  readonly operator: ThresholdOperator;
  /** In the figure's unit: µs for latency and CPU, a fraction for rates, per second for rates of starts. */
  readonly limit: number;
  /** Undefined: every cell. */
  readonly cells: ThresholdScope | undefined;
}

const EXAMPLES = '"callP99 < 50ms", "errorRate <= 0.1%", "serverCpuPerCall < 800us", "achievedRate >= 19/s"';
const CRITERION = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(<=|>=|<|>|==|=|!=)\s*(.*?)\s*$/;
const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const TIME_RE = new RegExp(`^${NUMBER}\\s*(us|µs|ms|s)$`);
const PERCENT_RE = new RegExp(`^${NUMBER}\\s*%$`);
const PLAIN_RE = new RegExp(`^${NUMBER}$`);
const RATE_RE = new RegExp(`^${NUMBER}\\s*(/s)?$`);
const US_PER: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1_000_000 };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

const UNIT_WORDS: Record<FigureUnit, { what: string; forms: string }> = {
  'latency-us': { what: 'a latency', forms: 'a duration with its unit: 50ms, 800us, 1.5s' },
  'cpu-us': { what: 'CPU time', forms: 'a duration with its unit: 800us, 1.2ms' },
  fraction: { what: 'a share', forms: 'a percentage (0.1%) or a fraction between 0 and 1 (0.001)' },
  'per-second': { what: 'a rate', forms: 'a number per second: 19/s or 19' },
};

/** Parses a limit in the figure's unit (µs, fraction or per second). */
export function parseLimit(text: string, unit: FigureUnit): Parsed<number> {
  const words = UNIT_WORDS[unit];
  const fail = (message: string): Parsed<number> => ({ ok: false, message, hint: `write ${words.forms}` });
  if (text === '') return fail('the limit is missing');
  if (unit === 'latency-us' || unit === 'cpu-us') {
    const m = TIME_RE.exec(text);
    if (m) return { ok: true, value: Number(m[1]) * (US_PER[m[2] as string] as number) };
    return fail(PLAIN_RE.test(text) ? `"${text}" has no unit (the figure is ${words.what})` : `"${text}" is not ${words.what}`);
  }
  if (unit === 'fraction') {
    const pct = PERCENT_RE.exec(text);
    if (pct) {
      const value = Number(pct[1]) / 100;
      return value <= 1 ? { ok: true, value } : fail(`"${text}" is more than 100 %`);
    }
    if (PLAIN_RE.test(text)) {
      const value = Number(text);
      return value <= 1 ? { ok: true, value } : fail(`${text} is not a fraction between 0 and 1 (for percent write ${text}%)`);
    }
    return fail(`"${text}" is not ${words.what}`);
  }
  const m = RATE_RE.exec(text);
  return m ? { ok: true, value: Number(m[1]) } : fail(`"${text}" is not ${words.what}`);
}

/** Parses "callP99 < 50ms" into figure, operator and limit. */
export function parseCriterion(text: string): Parsed<Omit<ThresholdSpec, 'cells'>> {
  const m = CRITERION.exec(text);
  if (!m) return { ok: false, message: `${JSON.stringify(text)} is not a threshold`, hint: `write <figure> <operator> <limit>, e.g. ${EXAMPLES}` };
  const [, name = '', operator = '', limitText = ''] = m;
  if (!(FIGURE_NAMES as readonly string[]).includes(name)) {
    return { ok: false, message: `unknown figure "${name}"`, hint: suggestionHint(name, FIGURE_NAMES, 'figures') };
  }
  if (!(THRESHOLD_OPERATORS as readonly string[]).includes(operator)) {
    return { ok: false, message: `operator "${operator}" is not supported`, hint: `use one of ${THRESHOLD_OPERATORS.join(' ')}: a threshold is a bound, e.g. ${EXAMPLES}` };
  }
  const figure = name as FigureName;
  const limit = parseLimit(limitText, FIGURE_CATALOG[figure].unit);
  if (!limit.ok) return { ok: false, message: `${figure}: ${limit.message}`, hint: limit.hint };
  return { ok: true, value: { text: `${figure} ${operator} ${limitText}`, figure, operator: operator as ThresholdOperator, limit: limit.value } };
}

const criterionSchema = z.string().meta({
  description: `A criterion on a cell figure: <figure> <operator> <limit>, e.g. ${EXAMPLES}. Figures: ${FIGURE_NAMES.join(', ')}. Operators: ${THRESHOLD_OPERATORS.join(' ')}.`,
});

const scopeSchema = z
  .union([
    z.string().meta({ description: 'A cell id, e.g. stateless.round-robin.r3.' }),
    z.array(z.string()).min(1).meta({ description: 'Cell ids, e.g. [stateless.round-robin.r3].' }),
    exclusionSchema.meta({ description: 'A partial cell: the threshold applies to every cell matching all of the given keys, e.g. { model: stateless }.' }),
  ])
  .meta({ description: 'The cells the threshold applies to: a cell id, a list of ids, or a partial cell such as { model: stateless }. Default: every cell.' });

const thresholdEntrySchema = z
  .union([criterionSchema, z.strictObject({ threshold: criterionSchema, cells: scopeSchema.optional() })])
  .transform((entry, ctx): ThresholdSpec => {
    const text = typeof entry === 'string' ? entry : entry.threshold;
    const parsed = parseCriterion(text);
    if (!parsed.ok) {
      addHintedIssue(ctx, text, { path: typeof entry === 'string' ? [] : ['threshold'], message: parsed.message, hint: parsed.hint });
      return z.NEVER;
    }
    const scope = typeof entry === 'string' ? undefined : entry.cells;
    const cells: ThresholdScope | undefined =
      scope === undefined ? undefined : typeof scope === 'string' ? { ids: [scope] } : Array.isArray(scope) ? { ids: scope } : { match: { ...scope } };
    return { ...parsed.value, cells };
  })
  .meta({ description: `A criterion on a cell figure (${EXAMPLES}), or { threshold, cells } to apply it to some cells only.` });

export const thresholdsSchema = z
  .array(thresholdEntrySchema)
  .meta({ description: 'Pass/fail criteria checked after a run, on every cell (or the cells named): a table of each with its observed value; exit code 4 when any fails.' })
  .prefault([]);

type Ctx = Parameters<typeof addHintedIssue>[0];

/** Scopes name cells of this run: an unknown id or a partial cell matching none is a typo, not a no-op. */
export function checkThresholdScopes(s: { readonly thresholds: readonly ThresholdSpec[]; readonly matrix: MatrixSpec; readonly client?: { readonly profile?: string } }, ctx: Ctx): void {
  const parts = s as { readonly thresholds?: readonly Partial<ThresholdSpec>[]; readonly matrix?: Partial<MatrixSpec> };
  // zod runs this even when a section had problems of its own: check only what came through whole.
  if (!Array.isArray(parts.thresholds) || !['models', 'policies', 'replicas', 'flows', 'stores', 'exclude'].every((k) => Array.isArray((parts.matrix as Record<string, unknown> | undefined)?.[k]))) return;
  const cells = matrixCells(s.matrix);
  const ids = cells.map((c) => scenarioCellId(c, s.client?.profile));
  parts.thresholds.forEach((t, index) => {
    const scope = t.cells;
    if (scope === undefined) return;
    if ('ids' in scope) {
      for (const id of scope.ids.filter((x: string) => !ids.includes(x))) {
        addHintedIssue(ctx, id, { path: ['thresholds', index, 'cells'], message: `no cell "${id}" in this run`, hint: suggestionHint(id, ids, 'cells') });
      }
    } else if (!cells.some((c) => matchesCell(scope.match, c))) {
      addHintedIssue(ctx, scope.match, { path: ['thresholds', index, 'cells'], message: 'matches no cell of this run', hint: `${describeMatrix(s.matrix)}; fix the values or remove the scope` });
    }
  });
}

