import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { fixtureRun } from '../report/testing/fixture-runs.js';
import { scenarioDifferences } from '../results/scenario-hash.js';
import { evaluateThresholds } from './evaluate-thresholds.js';

const file = (name: string): string => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

describe('scenarios/nightly.yaml', () => {
  const nightly = resolveScenario({ file: file('nightly.yaml') });

  it('measures exactly what headline.yaml measures; only its name and thresholds differ', () => {
    const headline = resolveScenario({ file: file('headline.yaml') });
    expect(scenarioDifferences(headline, nightly)).toEqual(['name: "headline" → "nightly"']);
    expect(nightly.thresholds.length).toBeGreaterThan(0);
  });

  it('its thresholds pass on a real headline run (the fixture, from a loaded 2-core machine)', () => {
    const outcomes = evaluateThresholds(nightly.thresholds, fixtureRun('headline').result.cells);
    expect(outcomes.filter((o) => o.verdict !== 'pass').map((o) => `${o.cellId} ${o.message}`)).toEqual([]);
    // legacy round-robin loses sessions by design: the error thresholds leave it out.
    expect(outcomes.some((o) => o.cellId === 'legacy.round-robin.r3' && o.threshold.figure === 'errorRate')).toBe(false);
  });
});

describe('docs/nightly.md', () => {
  it('names every figure of the registry', async () => {
    const { readFileSync } = await import('node:fs');
    const { FIGURE_NAMES } = await import('../config/figure-catalog.js');
    const text = readFileSync(fileURLToPath(new URL('../../docs/nightly.md', import.meta.url)), 'utf8');
    expect(FIGURE_NAMES.filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
  });
});
