import { isPlainObject } from './object-path.js';

/** A value as problem messages quote it: strings in quotes, structures by kind, absence as "nothing". */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  return String(value);
}
