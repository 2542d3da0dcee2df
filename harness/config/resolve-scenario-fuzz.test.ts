import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { resolveScenario } from './resolve-scenario.js';

/**
 * Whatever value lands at whatever field, resolving either succeeds or throws a HarnessError with exit
 * code 2: never a TypeError from a cross-field check that met a section zod left untransformed.
 */

const BASE = {
  name: 'fuzz',
  matrix: { model: ['legacy', 'stateless'], policy: 'round-robin', replicas: 2, flow: ['tools', 'basket'], store: 'redis', exclude: [{ model: 'legacy', flow: 'basket' }, { model: 'stateless', flow: 'tools' }] },
  load: { executor: 'constant-arrival-rate', rate: 20, duration: '10s', warmup: '2s' },
  faults: [{ kind: 'store-outage', at: '5s', duration: '3s' }],
};

const PATHS = [
  'name', 'platform', 'balancer', 'matrix', 'matrix.model', 'matrix.store', 'matrix.exclude', 'load', 'load.executor', 'load.rate', 'load.duration',
  'load.warmup', 'load.stages', 'load.startRate', 'load.clients', 'load.unit', 'workload.thinkTime', 'workload.tools', 'faults', 'faults[0]', 'faults[0].at',
  'faults[0].duration', 'faults[0].kind', 'faults[0].mode', 'target', 'seed',
];

const values = fc.oneof(
  fc.constantFrom(-1, 0, 1e-9, 1e300, Number.MAX_SAFE_INTEGER, '25h', '0', '', 'ramping-arrival-rate', 'closed-loop', 'external', 'memory', null, true),
  fc.constantFrom([], {}, [{ target: 0, duration: '1s' }], [{ target: -1, duration: '0' }], { executor: 'ramping-arrival-rate', stages: [{ target: 1, duration: '1h' }] }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Values that pass their field but fail a refinement (zod then leaves the section untransformed). */
const REFINEMENT_FAILURES: readonly (readonly [string, unknown])[] = [
  ['load.rate', 1e-9],
  ['load.clients', 5],
  ['matrix.exclude', [{}]],
  ['matrix.exclude', [{ model: 'legacy', flow: 'tasks' }]],
  ['matrix.flow', 'tasks'],
  ['load', { executor: 'ramping-arrival-rate', warmup: '1h', stages: [{ target: 1, duration: '1s' }] }],
  ['load', { executor: 'ramping-arrival-rate', warmup: 0, stages: [{ target: 0, duration: '1s' }] }],
  ['faults[0].at', '1h'],
  ['platform', 'external'],
];

const pair = fc.oneof(fc.tuple(fc.constantFrom(...PATHS), values), fc.constantFrom(...REFINEMENT_FAILURES));

const yamlOf = (value: unknown): string => JSON.stringify(value);

describe('resolveScenario on arbitrary values', () => {
  it('succeeds or throws a HarnessError (exit 2), never anything else', () => {
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 3 }), (sets) => {
        try {
          resolveScenario({ text: JSON.stringify(BASE), format: 'json', flags: { set: sets.map(([path, value]) => `${path}=${yamlOf(value)}`) } });
        } catch (e) {
          if (!(e instanceof HarnessError)) throw e;
          expect(e.exitCode).toBe(2);
        }
      }),
      { numRuns: 200, seed: 18 },
    );
  }, 60_000); // 200 resolutions: a few seconds when other work shares the 2 cores
});
