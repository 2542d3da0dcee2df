import { z } from 'zod';
import { DURATION_FORMS, DURATION_PATTERN, formatDurationMs, parseDurationMs } from './durations.js';

/**
 * Field builders shared by the scenario schema: shortcuts that desugar (one value or a list; a duration
 * as text) and their checks. Custom issues carry their hint in `params.hint`; describe-issues.ts reads it.
 */

export interface HintedIssue {
  readonly message: string;
  readonly hint: string;
  readonly path?: PropertyKey[];
}

type IssueSink = { addIssue(issue: z.core.$ZodRawIssue): void };

export function addHintedIssue(ctx: IssueSink, value: unknown, issue: HintedIssue): void {
  ctx.addIssue({ code: 'custom', input: value, message: issue.message, path: issue.path ?? [], params: { hint: issue.hint } });
}

/** Order-independent identity, so `{a:1,b:2}` and `{b:2,a:1}` count as the same list entry. */
export function canonicalKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Reports every entry equal to an earlier one, at the later entry's index. */
export function reportDuplicates(list: readonly unknown[], ctx: IssueSink, what: string, hint: string): void {
  const firstIndex = new Map<string, number>();
  list.forEach((entry, index) => {
    const key = canonicalKey(entry);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else addHintedIssue(ctx, entry, { path: [index], message: `duplicate ${what} (same as [${first}])`, hint });
  });
}

/**
 * `x` or `[x, y]`, desugared to a list. Lists must be non-empty and free of duplicates: a repeated
 * matrix value would silently run (and weigh) the same cell twice.
 */
export function oneOrMany<T extends z.ZodType>(item: T, what: string, description: string) {
  return z
    .union([item, z.array(item).min(1).meta({ uniqueItems: true })])
    .transform((value, ctx): z.output<T>[] => {
      if (!Array.isArray(value)) return [value as z.output<T>];
      reportDuplicates(value, ctx, what, `list each ${what} once`);
      return value as z.output<T>[];
    })
    .meta({ description });
}

/**
 * Upper bound of every duration unless a field sets a lower one. Node turns a timer above 2^31 − 1 ms
 * (24.8 days) into 1 ms without a word, so some bound is needed; a day is far above any useful setting.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;

export interface DurationBounds {
  /** `> 0` when true, `>= 0` otherwise. */
  readonly positive: boolean;
  /** Defaults to MAX_DURATION_MS. */
  readonly maxMs?: number;
  readonly description: string;
}

/** A duration in file notation, desugared to integer milliseconds. */
export function durationField(bounds: DurationBounds) {
  const lower = bounds.positive ? '> 0' : '>= 0';
  const maxMs = Math.min(bounds.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  const range = `${lower} and <= ${formatDurationMs(maxMs)}`;
  const hint = `${bounds.description} (${range}); use ${DURATION_FORMS}`;
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx): number => {
      const parsed = parseDurationMs(value);
      if (!parsed.ok) {
        addHintedIssue(ctx, value, { message: parsed.message, hint: parsed.hint });
        return z.NEVER;
      }
      const shown = typeof value === 'string' ? ` (got ${value})` : ` (got ${value} ms)`;
      if (bounds.positive && parsed.ms === 0) addHintedIssue(ctx, value, { message: `must be > 0${shown}`, hint });
      if (parsed.ms > maxMs) {
        addHintedIssue(ctx, value, { message: `must be <= ${formatDurationMs(maxMs)}${shown}`, hint });
      }
      return parsed.ms;
    })
    .meta({
      description: `${bounds.description} (${range}). A duration: ${DURATION_FORMS}.`,
      // Keywords for editors; each applies only to its own JSON type (pattern to strings, the rest to numbers).
      pattern: DURATION_PATTERN,
      minimum: 0,
      maximum: maxMs,
      multipleOf: 1,
    });
}
