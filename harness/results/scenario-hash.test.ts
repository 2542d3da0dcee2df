import { describe, expect, it } from 'vitest';
import { fixtureRun } from '../report/testing/fixture-runs.js';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { scenarioDifferences, scenarioHash } from './scenario-hash.js';

const scenario = fixtureRun('headline').result.scenario;

describe('scenarioHash', () => {
  it('does not depend on key order, the description, the thresholds or where the file lies', () => {
    const reordered = Object.fromEntries(Object.entries(scenario).reverse()) as unknown as ResolvedScenario;
    const judged: ResolvedScenario = { ...scenario, description: 'other words', sourceFile: '/elsewhere.yaml', thresholds: [{ text: 'callP99 < 1ms', figure: 'callP99', operator: '<', limit: 1000, cells: undefined }] };
    expect(scenarioHash(reordered)).toBe(scenarioHash(scenario));
    expect(scenarioHash(judged)).toBe(scenarioHash(scenario));
    expect(scenarioDifferences(scenario, judged)).toEqual([]);
  });

  it('changes with anything measured, and names the fields', () => {
    const longer = { ...scenario, load: { ...scenario.load, durationMs: 20_000 } } as ResolvedScenario;
    expect(scenarioHash(longer)).not.toBe(scenarioHash(scenario));
    expect(scenarioHash(longer)).toMatch(/^[0-9a-f]{12}$/);
    const heavier = { ...scenario, workload: { ...scenario.workload, tools: scenario.workload.tools.map((t, i) => (i === 1 ? { ...t, arguments: { cpuUs: 2000 } } : t)) } } as ResolvedScenario;
    expect(scenarioDifferences(scenario, longer)).toEqual(['load.durationMs: 5000 → 20000']);
    expect(scenarioDifferences(scenario, heavier)).toEqual(['workload.tools[1].arguments.cpuUs: 200 → 2000']);
  });
});
