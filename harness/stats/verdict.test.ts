import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { judgeChange } from './verdict.js';

const rel = (point: number, low: number, high: number) => ({ point, low, high });

describe('judgeChange', () => {
  it('a significant rise of a lower-is-better figure is a regression; of a higher-is-better one an improvement', () => {
    const input = { pValue: 0.001, relativeChange: rel(0.3, 0.2, 0.4) };
    expect(judgeChange({ ...input, direction: 'lower-is-better' }).verdict).toBe('regressed');
    expect(judgeChange({ ...input, direction: 'higher-is-better' }).verdict).toBe('improved');
    expect(judgeChange({ ...input, relativeChange: rel(-0.3, -0.4, -0.2), direction: 'lower-is-better' }).verdict).toBe('improved');
  });

  it('significant but below the minimum effect is unchanged, and says why', () => {
    const r = judgeChange({ pValue: 1e-9, relativeChange: rel(0.02, 0.015, 0.025), direction: 'lower-is-better' });
    expect(r.verdict).toBe('unchanged');
    expect(r.reason).toMatch(/below the 5\.0 % minimum effect/);
  });

  it('the minimum effect is settable', () => {
    const input = { pValue: 1e-9, relativeChange: rel(0.02, 0.015, 0.025), direction: 'lower-is-better' as const };
    expect(judgeChange({ ...input, minEffect: 0.01 }).verdict).toBe('regressed');
  });

  it('not significant with a tight interval is unchanged; with a wide one too noisy', () => {
    expect(judgeChange({ pValue: 0.6, relativeChange: rel(0.01, -0.03, 0.04), direction: 'lower-is-better' }).verdict).toBe('unchanged');
    const noisy = judgeChange({ pValue: 0.2, relativeChange: rel(0.1, -0.1, 0.35), direction: 'lower-is-better' });
    expect(noisy.verdict).toBe('too-noisy');
    expect(noisy.reason).toContain('+10.0 % [-10.0 %, +35.0 %], p = 0.200');
  });

  it('a small p with an interval that includes 0 is not called a change', () => {
    expect(judgeChange({ pValue: 0.01, relativeChange: rel(0.2, -0.05, 0.5), direction: 'lower-is-better' }).verdict).toBe('too-noisy');
  });

  it('an absolute floor keeps immaterial rate changes unchanged', () => {
    const input = { pValue: 1e-4, relativeChange: rel(1, 0.5, 1.5), direction: 'lower-is-better' as const };
    expect(judgeChange(input).verdict).toBe('regressed');
    const floored = judgeChange({ ...input, absoluteChange: rel(0.0001, 0.00005, 0.00015), minAbsoluteEffect: 0.001 });
    expect(floored.verdict).toBe('unchanged');
  });

  it('rejects nonsense settings', () => {
    expect(() => judgeChange({ pValue: 0.5, relativeChange: rel(0, 0, 0), direction: 'lower-is-better', alpha: 5 })).toThrow(/alpha/);
    expect(() => judgeChange({ pValue: 0.5, relativeChange: rel(0, 0, 0), direction: 'lower-is-better', minEffect: -1 })).toThrow(/minEffect/);
  });

  it('a bad setting is a usage error (exit 2), not an internal one', () => {
    let caught: unknown;
    try {
      judgeChange({ pValue: 0.5, relativeChange: rel(0, 0, 0), direction: 'lower-is-better', minEffect: 5 * -1 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HarnessError);
    expect(caught).toMatchObject({ code: 'E_USAGE', exitCode: 2 });
  });
});
