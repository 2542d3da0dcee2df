import { describe, expect, it } from 'vitest';
import { ExitCode, HarnessError } from '../errors/harness-error.js';
import { resolveScenario } from './resolve-scenario.js';
import { parseCriterion, parseLimit } from './thresholds-schema.js';

const BASE = `
name: t
matrix: { model: [legacy, stateless], policy: [round-robin, sticky-session-id], replicas: 3 }
load: { executor: constant-arrival-rate, rate: 20, duration: 10s }
`;

function resolve(thresholds: string) {
  return resolveScenario({ file: 'test.yaml', text: `${BASE}thresholds:\n${thresholds}` });
}

function problems(thresholds: string): string[] {
  try {
    resolve(thresholds);
  } catch (e) {
    if (!(e instanceof HarnessError)) throw e;
    expect(e.exitCode).toBe(ExitCode.invalidInput);
    return [...(e.details ?? [])];
  }
  throw new Error('expected the scenario to be invalid');
}

describe('thresholds section', () => {
  it('parses criteria in the figure units: µs, fractions, per second', () => {
    const s = resolve(`  - callP99 < 50ms\n  - errorRate <= 0.1%\n  - serverCpuPerCall<800us\n  - achievedRate >= 19/s\n  - failedSessionRate <= 0.002\n`);
    expect(s.thresholds).toEqual([
      { text: 'callP99 < 50ms', figure: 'callP99', operator: '<', limit: 50_000, cells: undefined },
      { text: 'errorRate <= 0.1%', figure: 'errorRate', operator: '<=', limit: 0.001, cells: undefined },
      { text: 'serverCpuPerCall < 800us', figure: 'serverCpuPerCall', operator: '<', limit: 800, cells: undefined },
      { text: 'achievedRate >= 19/s', figure: 'achievedRate', operator: '>=', limit: 19, cells: undefined },
      { text: 'failedSessionRate <= 0.002', figure: 'failedSessionRate', operator: '<=', limit: 0.002, cells: undefined },
    ]);
  });

  it('scopes a threshold to cells by partial cell, one id or a list of ids', () => {
    const s = resolve(
      `  - { threshold: http404Share < 1%, cells: { model: stateless } }\n  - { threshold: callP50 < 1.5s, cells: legacy.sticky-session-id.r3 }\n  - { threshold: setupP99 < 200ms, cells: [legacy.round-robin.r3, legacy.sticky-session-id.r3] }\n`,
    );
    expect(s.thresholds.map((t) => t.cells)).toEqual([
      { match: { model: 'stateless' } },
      { ids: ['legacy.sticky-session-id.r3'] },
      { ids: ['legacy.round-robin.r3', 'legacy.sticky-session-id.r3'] },
    ]);
    expect(s.thresholds[1]?.limit).toBe(1_500_000);
  });

  it('defaults to none', () => {
    expect(resolveScenario({ text: BASE }).thresholds).toEqual([]);
  });

  it('a misspelt figure is exit 2 with a did-you-mean and the line', () => {
    const found = problems('  - calP99 < 50ms\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^thresholds\[0\]: unknown figure "calP99" \(in test\.yaml:6:5\) — did you mean "callP99"\? figures: callP50, callP99,/);
  });

  it('names the field inside the mapping form', () => {
    expect(problems('  - { threshold: errorRat <= 1%, cells: { model: legacy } }\n')[0]).toMatch(/^thresholds\[0\]\.threshold: unknown figure "errorRat" .* did you mean "errorRate"\?/);
  });

  it('refuses a limit without its unit, a percentage above 100 and an unsupported operator', () => {
    expect(problems('  - callP99 < 50\n')[0]).toMatch(/callP99: "50" has no unit \(the figure is a latency\).* write a duration with its unit: 50ms/);
    expect(problems('  - errorRate < 150%\n')[0]).toMatch(/is more than 100 %/);
    expect(problems('  - errorRate < 5\n')[0]).toMatch(/5 is not a fraction between 0 and 1 \(for percent write 5%\)/);
    expect(problems('  - errorRate == 0\n')[0]).toMatch(/operator "==" is not supported/);
    expect(problems('  - p99 under 50ms\n')[0]).toMatch(/is not a threshold .* write <figure> <operator> <limit>/);
  });

  it('a scope naming no cell of the run is an error, with the closest id', () => {
    expect(problems('  - { threshold: callP99 < 50ms, cells: stateless.round-robbin.r3 }\n')[0]).toMatch(
      /^thresholds\[0\]\.cells: no cell "stateless\.round-robbin\.r3" in this run .* did you mean "stateless\.round-robin\.r3"\?/,
    );
    expect(problems('  - { threshold: callP99 < 50ms, cells: { replicas: 5 } }\n')[0]).toMatch(/^thresholds\[0\]\.cells: matches no cell of this run/);
    expect(problems('  - { threshold: callP99 < 50ms, cells: { modle: legacy } }\n')[0]).toMatch(/^thresholds\[0\]\.cells\.modle: unknown key .* did you mean "model"\?/);
  });

  it('parses criteria and limits directly', () => {
    expect(parseCriterion('setupP50<=2ms')).toMatchObject({ ok: true, value: { figure: 'setupP50', operator: '<=', limit: 2000 } });
    expect(parseLimit('1.5 ms', 'latency-us')).toEqual({ ok: true, value: 1500 });
    expect(parseLimit('250µs', 'cpu-us')).toEqual({ ok: true, value: 250 });
    expect(parseLimit('12', 'per-second')).toEqual({ ok: true, value: 12 });
    expect(parseLimit('fast', 'per-second').ok).toBe(false);
  });
});
