import junitModule, { type Builder } from 'junit-report-builder';
import { formatFigure } from '../results/cell-figures.js';
import type { RunComparison } from '../results/run-comparison.js';
import type { ThresholdOutcome } from './evaluate-thresholds.js';
import { signedPercent, VERDICT_WORDS } from './nightly-text.js';

/**
 * JUnit XML for CI test reporters (`--junit`), built with junit-report-builder: one test case per
 * threshold and cell, one per compared figure and cell. Failures carry the figure and both numbers.
 * A fresh builder per report: the package's default export is a shared instance.
 */

// The package is CommonJS whose module.exports is the builder; its typings declare an ES default export.
const junit = junitModule as unknown as Builder;

export function thresholdsJunit(outcomes: readonly ThresholdOutcome[], scenario: string): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`mcp-lb-bench thresholds: ${scenario}`);
  for (const o of outcomes) {
    const test = suite.testCase().className(`mcp-lb-bench.thresholds.${o.cellId}`).name(o.threshold.text);
    if (o.verdict === 'fail' || o.verdict === 'no-data') test.failure(o.message, o.verdict === 'fail' ? 'threshold' : 'no-data');
    else if (o.verdict === 'not-applicable') test.skipped().standardOutput(o.message);
    else test.standardOutput(o.message);
  }
  return builder.build();
}

export function comparisonJunit(c: RunComparison): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`mcp-lb-bench compare: ${c.baseline.runId} → ${c.candidate.runId}`);
  if (c.fingerprintDifferences.length > 0) suite.property('environment differences', c.fingerprintDifferences.join('; '));
  for (const cell of c.cells) {
    for (const f of cell.figures) {
      const numbers = `${f.label}: ${formatFigure(f, f.baseline)} → ${formatFigure(f, f.candidate)} (${signedPercent(f.change)}), ${VERDICT_WORDS[f.verdict]}`;
      const test = suite.testCase().className(`mcp-lb-bench.compare.${cell.cellId}`).name(f.figure);
      if (f.verdict === 'regressed') test.failure(`${numbers}: ${f.reason}`, 'regressed');
      else if (f.verdict === 'not-measured') test.skipped().standardOutput(`${numbers}: ${f.reason}`);
      else test.standardOutput(`${numbers}: ${f.reason}`);
    }
  }
  for (const id of c.onlyInBaseline) suite.testCase().className(`mcp-lb-bench.compare.${id}`).name('cell').skipped().standardOutput('in the baseline only');
  for (const id of c.onlyInCandidate) suite.testCase().className(`mcp-lb-bench.compare.${id}`).name('cell').skipped().standardOutput('in the candidate only');
  return builder.build();
}
