import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { resolveScenario, type ResolveScenarioInput } from './resolve-scenario.js';

/**
 * Keys that name JavaScript object internals, from any layer: the file (YAML or JSON), env values and
 * `--set` paths and values. Each is a problem with its path (exit 2), and nothing reaches Object.prototype.
 */

const VALID = `
name: t
matrix: { model: legacy, policy: round-robin, replicas: 2 }
load: { executor: constant-arrival-rate, rate: 20, duration: 10s }
`;

function failure(input: ResolveScenarioInput): HarnessError {
  try {
    resolveScenario(input);
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected resolveScenario to throw');
}

const PROBES = ['polluted', 'x', 'deep', 'y'];

function prototypeIsClean(): void {
  for (const probe of PROBES) {
    expect(Object.prototype).not.toHaveProperty(probe);
    expect(({} as Record<string, unknown>)[probe]).toBeUndefined();
  }
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
    ['__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', '__proto__', 'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf'].sort(),
  );
}

describe('hostile keys', () => {
  afterEach(() => {
    // A failed test must not leave pollution for the next one to trip on.
    for (const probe of PROBES) delete (Object.prototype as Record<string, unknown>)[probe];
  });

  it.each([
    ['__proto__.polluted=1', '"__proto__"'],
    ['constructor.prototype.polluted=1', '"constructor"'],
    ['load["__proto__"].polluted=1', '"__proto__"'],
    ['matrix.prototype=1', '"prototype"'],
  ])('refuses --set %s as a problem (exit 2) and leaves Object.prototype alone', (assignment, segment) => {
    const error = failure({ text: VALID, flags: { set: [assignment] } });
    expect(error.code).toBe('E_SCENARIO_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toContain(`--set ${assignment}: ${segment} cannot be part of a path`);
    expect(error.details[0]).toContain('JavaScript object internals');
    prototypeIsClean();
  });

  it('refuses such keys inside --set and env values, naming the layer', () => {
    const error = failure({
      text: VALID,
      env: { MCP_LB_BENCH_SEED: '{ __proto__: { polluted: 1 } }' },
      flags: { set: ['workload={ constructor: { prototype: { x: 1 } } }'] },
    });
    expect(error.details).toContain('seed.__proto__: key not allowed (from MCP_LB_BENCH_SEED) — "__proto__", "constructor" and "prototype" name JavaScript object internals and are never scenario keys: remove it');
    expect(error.details.some((d) => d.startsWith('workload.constructor: key not allowed (from --set workload='))).toBe(true);
    prototypeIsClean();
  });

  it('refuses them in a YAML file at every depth, with file positions, and reports nothing else about them', () => {
    const error = failure({
      file: 'hostile.yaml',
      text: `${VALID}__proto__: { polluted: 1 }\nworkload:\n  tools:\n    - name: echo\n      arguments: { text: hi, constructor: { prototype: { deep: 1 } } }\nclient: { prototype: 1 }\n`,
    });
    expect(error.details).toEqual([
      '__proto__: key not allowed (in hostile.yaml:5:1) — "__proto__", "constructor" and "prototype" name JavaScript object internals and are never scenario keys: remove it',
      'workload.tools[0].arguments.constructor: key not allowed (in hostile.yaml:9:30) — "__proto__", "constructor" and "prototype" name JavaScript object internals and are never scenario keys: remove it',
      'client.prototype: key not allowed (in hostile.yaml:10:11) — "__proto__", "constructor" and "prototype" name JavaScript object internals and are never scenario keys: remove it',
    ]);
    prototypeIsClean();
  });

  it('refuses them in a JSON file, nested in lists too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    const file = join(dir, 'hostile.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 't', matrix: { model: 'legacy', policy: 'round-robin', replicas: 2, exclude: [] }, load: { executor: 'constant-arrival-rate', rate: 20, duration: '10s' } }).replace(
        '"exclude":[]',
        '"exclude":[{"__proto__":{"polluted":1},"model":"stateless"}],"__proto__":{"x":1}',
      ),
    );
    const error = failure({ file });
    expect(error.details.filter((d) => d.includes('key not allowed')).map((d) => d.split(':')[0])).toEqual(['matrix.exclude[0].__proto__', 'matrix.__proto__']);
    prototypeIsClean();
  });

  it('accepts a valid scenario once nothing hostile is in it (the guard changes nothing else)', () => {
    expect(resolveScenario({ text: VALID, flags: { set: ['load.rate=30'] } }).load).toMatchObject({ ratePerSec: 30 });
    prototypeIsClean();
  });
});
