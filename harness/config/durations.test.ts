import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_FORMS, DURATION_PATTERN, formatDurationMs, parseDurationMs } from './durations.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['12s', 12_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['0.5s', 500],
    ['0.1s', 100],
    ['1.5m', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['0ms', 0],
    ['250', 250],
    [250, 250],
    [0, 0],
  ] as const)('reads %j as %i ms', (input, ms) => {
    expect(parseDurationMs(input)).toEqual({ ok: true, ms });
  });

  it.each([
    ['12x', '"12x" is not a duration'],
    ['', '"" is not a duration'],
    ['30s1m', '"30s1m" is not a duration'],
    ['1m 30s', '"1m 30s" is not a duration'],
    ['1.5ms', '"1.5ms" is not a whole number of milliseconds'],
    ['0.0001s', '"0.0001s" is not a whole number of milliseconds'],
    [1.5, '1.5 is not a whole number of milliseconds'],
    [Number.NaN, 'NaN is not a duration'],
    [null, 'expected a duration, got null'],
    [true, 'expected a duration, got boolean'],
  ] as const)('rejects %j, naming the accepted forms', (input, message) => {
    expect(parseDurationMs(input)).toEqual({ ok: false, message, hint: `use ${DURATION_FORMS}` });
  });

  it.each([-1, '-5s', '-0'] as const)('rejects negative %j', (input) => {
    const parsed = parseDurationMs(input);
    expect(parsed.ok).toBe(false);
    expect(parsed).toMatchObject({ hint: 'a duration must be >= 0' });
  });

  it('rejects values past the largest safe integer', () => {
    expect(parseDurationMs(2 ** 53)).toMatchObject({ ok: false, message: '9007199254740992 ms is too large' });
    expect(parseDurationMs('3000000000h')).toMatchObject({ ok: false, message: '"3000000000h" is too large' });
  });
});

describe('formatDurationMs', () => {
  it.each([
    [0, '0ms'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [3_723_004, '1h2m3s4ms'],
    [86_400_000, '24h'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });

  it('refuses values that are not durations', () => {
    expect(() => formatDurationMs(-1)).toThrow(RangeError);
    expect(() => formatDurationMs(1.5)).toThrow(RangeError);
  });

  it('round-trips through parseDurationMs for every integer ms', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat({ max: 10 * 86_400_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), (ms) => {
        expect(parseDurationMs(formatDurationMs(ms))).toEqual({ ok: true, ms });
      }),
    );
  });
});

describe('DURATION_PATTERN (for editors)', () => {
  const pattern = new RegExp(DURATION_PATTERN);

  it('accepts every canonical duration', () => {
    fc.assert(
      fc.property(fc.nat(), (ms) => {
        expect(pattern.test(formatDurationMs(ms))).toBe(true);
      }),
    );
  });

  it('accepts a string exactly when its shape is a duration shape', () => {
    // The pattern cannot know about whole milliseconds; everything else must agree with the parser.
    const shapeOk = (text: string): boolean => {
      const parsed = parseDurationMs(text);
      return parsed.ok || parsed.message.includes('whole number') || parsed.message.includes('too large');
    };
    const piece = fc.constantFrom('1', '12', '0.5', 'h', 'm', 's', 'ms', '.', '-', ' ', 'x');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = pieces.join('');
        expect(pattern.test(text)).toBe(shapeOk(text));
      }),
    );
  });
});
