import { isPlainObject } from './object-path.js';

/** Longest string quoted whole; longer ones are cut, so one problem stays one line. */
const MAX_QUOTED_CHARS = 60;

/** A value as problem messages quote it: strings in quotes, structures by kind, absence as "nothing". */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    if (value.length <= MAX_QUOTED_CHARS) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, MAX_QUOTED_CHARS)).slice(0, -1)}…" (${value.length} characters)`;
  }
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  return String(value);
}
