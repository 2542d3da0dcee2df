import { describe, expect, it } from 'vitest';
import { parseCriterion, type ThresholdScope, type ThresholdSpec } from '../config/thresholds-schema.js';
import { fixtureRun } from '../report/testing/fixture-runs.js';
import { evaluateThresholds, thresholdsFailed } from './evaluate-thresholds.js';
import { thresholdsJunit } from './junit-report.js';
import { thresholdsMarkdown } from './summary-markdown.js';
import { runIdentity } from '../results/run-identity.js';

const { result } = fixtureRun('headline');

function threshold(text: string, cells?: ThresholdScope): ThresholdSpec {
  const parsed = parseCriterion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return { ...parsed.value, cells };
}

describe('evaluateThresholds', () => {
  it('checks every cell in scope and gives both numbers', () => {
    // Stateless cells: call p99 7.16 ms (round-robin) and 8.40 ms (sticky).
    const out = evaluateThresholds([threshold('callP99 < 8ms', { match: { model: 'stateless' } })], result.cells);
    expect(out.map((o) => [o.cellId, o.verdict, o.observed])).toEqual([
      ['stateless.round-robin.r3', 'pass', 7155],
      ['stateless.sticky-session-id.r3', 'fail', 8399],
    ]);
    expect(out[1]?.message).toBe('call p99 = 8.4 ms, limit < 8 ms');
    expect(thresholdsFailed(out)).toBe(true);
  });

  it('scopes by id; a limit met at equality passes with <=', () => {
    const out = evaluateThresholds([threshold('callP99 <= 8399us', { ids: ['stateless.sticky-session-id.r3'] })], result.cells);
    expect(out).toHaveLength(1);
    expect(out[0]?.verdict).toBe('pass');
    expect(thresholdsFailed(out)).toBe(false);
  });

  it('a figure the cell did not measure fails as no data: not checked is not passed', () => {
    // Every session of legacy round-robin lost its session before a call succeeded.
    const out = evaluateThresholds([threshold('callP99 < 1s', { ids: ['legacy.round-robin.r3'] })], result.cells);
    expect(out[0]).toMatchObject({ verdict: 'no-data', observed: undefined });
    expect(out[0]?.message).toMatch(/no value \(the cell did not measure it\)/);
    expect(thresholdsFailed(out)).toBe(true);
  });

  it('rates compare as fractions; a figure of another command is not applicable', () => {
    const out = evaluateThresholds([threshold('errorRate <= 1%'), threshold('capacity >= 100/s')], result.cells);
    expect(out.filter((o) => o.threshold.figure === 'errorRate').map((o) => o.verdict)).toEqual(['fail', 'pass', 'pass', 'pass']);
    expect(out.filter((o) => o.threshold.figure === 'capacity').every((o) => o.verdict === 'not-applicable')).toBe(true);
  });

  it('JUnit: one test case per threshold and cell; a failure names the figure and both numbers', () => {
    const out = evaluateThresholds([threshold('callP99 < 8ms', { match: { model: 'stateless' } }), threshold('capacity >= 100/s', { ids: ['stateless.round-robin.r3'] })], result.cells);
    const xml = thresholdsJunit(out, 'headline');
    expect(xml).toMatch(/<testsuites tests="3" failures="1" errors="0" skipped="1">/);
    expect(xml).toContain('<testcase classname="mcp-lb-bench.thresholds.stateless.sticky-session-id.r3" name="callP99 &lt; 8ms">');
    expect(xml).toContain('<failure message="call p99 = 8.4 ms, limit &lt; 8 ms" type="threshold"/>');
  });

  it('Markdown: a table of every check, the failures named under it', () => {
    const out = evaluateThresholds([threshold('callP99 < 8ms', { match: { model: 'stateless' } })], result.cells);
    const md = thresholdsMarkdown(out, runIdentity(result));
    expect(md).toMatch(/^### mcp-lb-bench thresholds: ❌ 1 of 2 threshold checks failed/);
    expect(md).toContain('| ❌ | `callP99 < 8ms` | stateless.sticky-session-id.r3 | 8.4 ms | FAIL |');
    expect(md).toContain('- stateless.sticky-session-id.r3: call p99 = 8.4 ms, limit < 8 ms');
  });
});
