/**
 * Durations in scenario files, env vars and flags: `500ms`, `12s`, `2m`, `1h`, `1m30s`, `0.5s`, or a plain
 * number of milliseconds. Units appear at most once, largest first (`1m30s`, not `30s1m`), so a value
 * reads one way only. Everything resolves to an integer number of milliseconds; a value that does not
 * (`1.5ms`) is rejected rather than rounded, because a silently rounded setting is a changed setting.
 */

export const DURATION_FORMS = '500ms, 12s, 2m, 1h, 1m30s, 0.5s, or a plain number of milliseconds';

const PART = String.raw`\d+(?:\.\d+)?`;
const UNITS_MS = { h: 3_600_000n, m: 60_000n, s: 1_000n, ms: 1n } as const;
type Unit = keyof typeof UNITS_MS;
const UNIT_ORDER: readonly Unit[] = ['h', 'm', 's', 'ms'];

/** Regex source (ECMA-262) for editors: plain digits, or unit parts largest first. */
export const DURATION_PATTERN = `^(?:\\d+|(?:${PART}h)?(?:${PART}m)?(?:${PART}s)?(?:${PART}ms)?)$`;

// Backtracking sorts out "m" versus "ms": "500ms" cannot end after "500m", so the m group yields.
const DURATION_RE = new RegExp(`^(?:(${PART})h)?(?:(${PART})m)?(?:(${PART})s)?(?:(${PART})ms)?$`);
const DIGITS_RE = /^\d+$/;

export type DurationParse =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly message: string; readonly hint: string };

const FORMS_HINT = `use ${DURATION_FORMS}`;

function fail(message: string, hint = FORMS_HINT): DurationParse {
  return { ok: false, message, hint };
}

/** Exact decimal arithmetic, so "0.1s" is 100 ms and not 100.00000000000001. */
function partToMs(text: string, unitMs: bigint): { whole: bigint; exact: boolean } {
  const [intPart = '0', fracPart = ''] = text.split('.');
  const scale = 10n ** BigInt(fracPart.length);
  const scaled = (BigInt(intPart) * scale + BigInt(fracPart === '' ? '0' : fracPart)) * unitMs;
  return { whole: scaled / scale, exact: scaled % scale === 0n };
}

function fromNumber(value: number): DurationParse {
  if (!Number.isFinite(value)) return fail(`${value} is not a duration`);
  if (value < 0) return fail(`${value} is negative`, 'a duration must be >= 0');
  if (!Number.isInteger(value)) return fail(`${value} is not a whole number of milliseconds`);
  if (!Number.isSafeInteger(value)) return fail(`${value} ms is too large`, 'use at most 9007199254740991 ms');
  return { ok: true, ms: value };
}

function fromString(text: string): DurationParse {
  const shown = JSON.stringify(text);
  if (text.startsWith('-')) return fail(`${shown} is negative`, 'a duration must be >= 0');
  if (DIGITS_RE.test(text)) return fromNumber(Number(text));
  const match = text === '' ? null : DURATION_RE.exec(text);
  if (match === null) return fail(`${shown} is not a duration`);
  let totalMs = 0n;
  for (const [index, unit] of UNIT_ORDER.entries()) {
    const part = match[index + 1];
    if (part === undefined) continue;
    const { whole, exact } = partToMs(part, UNITS_MS[unit]);
    if (!exact) return fail(`${shown} is not a whole number of milliseconds`);
    totalMs += whole;
  }
  if (totalMs > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`${shown} is too large`, 'use at most 9007199254740991 ms');
  return { ok: true, ms: Number(totalMs) };
}

/** Parses a duration given as a string or a number of milliseconds. Never throws. */
export function parseDurationMs(value: unknown): DurationParse {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') return fromString(value);
  return fail(`expected a duration, got ${value === null ? 'null' : typeof value}`);
}

/** Canonical compact form, largest unit first: 90_000 -> "1m30s", 0 -> "0ms". Inverse of parseDurationMs. */
export function formatDurationMs(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`formatDurationMs: ${ms} is not a non-negative integer`);
  if (ms === 0) return '0ms';
  let rest = BigInt(ms);
  let text = '';
  for (const unit of UNIT_ORDER) {
    const count = rest / UNITS_MS[unit];
    rest %= UNITS_MS[unit];
    if (count > 0n) text += `${count}${unit}`;
  }
  return text;
}
