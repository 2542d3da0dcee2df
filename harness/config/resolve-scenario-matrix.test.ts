import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { resolveScenario } from './resolve-scenario.js';

const scenario = (exclude: string): string => `name: m
matrix:
  model: [legacy, stateless]
  policy: [round-robin, sticky-session-id]
  replicas: [1, 3]
  exclude: ${exclude}
load: { executor: constant-arrival-rate, rate: 5, duration: 1s }
`;

function details(text: string): readonly string[] {
  try {
    resolveScenario({ text, file: 'm.yaml' });
  } catch (e) {
    if (e instanceof HarnessError && e.code === 'E_SCENARIO_INVALID') return e.details;
    throw e;
  }
  throw new Error('expected resolveScenario to throw');
}

describe('matrix exclusions', () => {
  it('keeps exclusions that match cells, as given', () => {
    const resolved = resolveScenario({ text: scenario('[{ model: stateless, policy: sticky-session-id }, { replicas: 1, model: legacy }]') });
    expect(resolved.matrix.exclude).toEqual([
      { model: 'stateless', policy: 'sticky-session-id' },
      { model: 'legacy', replicas: 1 },
    ]);
  });

  it('rejects an exclusion that matches no cell', () => {
    expect(details(scenario('[{ policy: least-conn }]'))).toEqual([
      'matrix.exclude[0]: exclusion matches no cell (in m.yaml:6:13) — the matrix has model: legacy, stateless; policy: round-robin, sticky-session-id; replicas: 1, 3; flow: tools; store: memory; remove the exclusion or fix its values',
    ]);
  });

  it('rejects exclusions that leave nothing to run', () => {
    expect(details(scenario('[{ model: legacy }, { model: stateless }]'))).toEqual([
      'matrix.exclude: the exclusions leave no cell to run (all 8 excluded) (in m.yaml:6:3) — remove an exclusion or add values to the matrix',
    ]);
  });

  it('rejects an empty exclusion, a duplicate, and unknown or mistyped keys in one', () => {
    expect(details(scenario('[{}, { model: legacy, replicas: 1 }, { replicas: 1, model: legacy }, { polcy: round-robin, replicas: 0 }]'))).toEqual([
      'matrix.exclude[3].replicas: must be >= 1 (got 0) (in m.yaml:6:103) — Replica count, an integer 1..16.',
      'matrix.exclude[3].polcy: unknown key (in m.yaml:6:83) — did you mean "policy"? valid keys: model, policy, replicas, flow, store, profile',
    ]);
    expect(details(scenario('[{}, { model: legacy, replicas: 1 }, { replicas: 1, model: legacy }]'))).toEqual([
      'matrix.exclude[2]: duplicate exclusion (same as [1]) (in m.yaml:6:49) — list each exclusion once',
    ]);
    expect(details(scenario('[{}]'))).toEqual([
      'matrix.exclude[0]: empty exclusion would exclude every cell (in m.yaml:6:13) — give at least one of model, policy, replicas, flow, store, profile',
    ]);
  });

  it('rejects out-of-range and duplicate matrix values', () => {
    expect(details(scenario('[]').replace('replicas: [1, 3]', 'replicas: [0, 17, 3, 3]'))).toEqual([
      'matrix.replicas[0]: must be >= 1 (got 0) (in m.yaml:5:14) — Replica count, an integer 1..16.',
      'matrix.replicas[1]: must be <= 16 (got 17) (in m.yaml:5:17) — Replica count, an integer 1..16.',
    ]);
    expect(details(scenario('[]').replace('model: [legacy, stateless]', 'model: []'))).toEqual([
      'matrix.model: must list at least 1 entry (in m.yaml:3:3) — Protocol model(s): legacy | stateless; one value or a list.',
    ]);
  });
});

describe('narrowing the matrix from the command line', () => {
  it('retires the exclusions about values the flag removed, and keeps the others', () => {
    const text = `name: n
matrix:
  model: [legacy, stateless]
  policy: [round-robin, sticky-session-id]
  replicas: 3
  exclude:
    - { model: legacy, policy: sticky-session-id }
    - { model: stateless, policy: round-robin }
load: { executor: constant-arrival-rate, rate: 1, duration: 1s }
`;
    const narrowed = resolveScenario({ text, env: {}, flags: { models: 'stateless', set: [] } });
    expect(narrowed.matrix.models).toEqual(['stateless']);
    expect(narrowed.matrix.exclude).toEqual([{ model: 'stateless', policy: 'round-robin' }]);
  });
});
