import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { newRunId } from '../output/run-id.js';
import { stateFor } from '../run/cell-state.js';
import { usesSharedStore } from './faults-schema.js';
import { crossProduct } from './matrix-schema.js';
import { FLOWS, PROTOCOL_MODELS, STORES } from './resolved-scenario.js';
import { MAX_PROBLEMS_SHOWN, resolveScenario, type ResolveScenarioInput } from './resolve-scenario.js';

/**
 * Values that used to validate and then went wrong at run time: each is a problem with its path and
 * a hint now (exit 2).
 */

const BASE = `
name: t
matrix: { model: legacy, policy: round-robin, replicas: 2 }
load: { executor: constant-arrival-rate, rate: 20, duration: 10s, warmup: 2s }
`;

function details(input: ResolveScenarioInput): readonly string[] {
  try {
    resolveScenario(input);
  } catch (e) {
    if (e instanceof HarnessError) {
      expect(e.exitCode).toBe(2);
      return e.details;
    }
    throw e;
  }
  throw new Error('expected resolveScenario to throw');
}

const only = (set: string[], text = BASE): string => {
  const found = details({ text, flags: { set } });
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('every duration has an upper bound (Node turns timers above 2^31 − 1 ms into 1 ms)', () => {
  it.each([
    'load.warmup',
    'load.duration',
    'workload.thinkTime',
    'workload.taskJob',
    'client.timeout',
    'servers.legacy.sessionIdleTimeout',
    'servers.readinessTimeout',
  ])('%s: 25h is refused, 24h accepted', (path) => {
    expect(only([`${path}=25h`])).toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}: must be <= 24h \\(got 25h\\) \\(from --set ${path}=25h\\) — .*<= 24h`));
    if (path !== 'load.warmup') expect(() => resolveScenario({ text: BASE, flags: { set: [`${path}=24h`] } })).not.toThrow();
  });

  it('bounds the stages of a ramp, each and together', () => {
    const ramp = (stages: string) => `name: t\nmatrix: { model: legacy, policy: round-robin, replicas: 2 }\nload: { executor: ramping-arrival-rate, warmup: 0, stages: ${stages} }\n`;
    expect(only([], ramp('[{ target: 10, duration: 25h }]'))).toMatch(/^load\.stages\[0\]\.duration: must be <= 24h/);
    expect(only([], ramp('[{ target: 10, duration: 20h }, { target: 10, duration: 20h }]'))).toBe(
      "load.stages: the stages last 40h together, more than 24h (in <scenario text>:3:52) — a cell's load lasts at most 24h: shorten or remove stages",
    );
  });
});

describe('faults on the cell timeline', () => {
  const withFault = (fault: string, store = 'redis') =>
    `name: t\nmatrix: { model: legacy, policy: round-robin, replicas: 2, store: ${store} }\nload: { executor: constant-arrival-rate, rate: 20, duration: 10s, warmup: 2s }\nfaults: [${fault}]\n`;

  it('refuses an `at` at or past the end of the load (warm-up + duration), which used to stall the cell', () => {
    expect(only([], withFault('{ kind: store-outage, at: 1h, duration: 3s }'))).toBe(
      "faults[0].at: 1h is at or after the end of the cell's load (2s warm-up + 10s measured = 12s) (in <scenario text>:4:32) — faults fire on each cell's load timeline, warm-up included: give an at below 12s",
    );
    expect(only([], withFault('{ kind: store-outage, at: 12s, duration: 3s }'))).toMatch(/^faults\[0\]\.at: 12s is at or after the end/);
  });

  it('refuses an outage that would outlast the load', () => {
    expect(only([], withFault('{ kind: store-outage, at: 10s, duration: 3s }'))).toBe(
      "faults[0].duration: the outage would last until 13s, after the cell's load ends (2s warm-up + 10s measured = 12s) (in <scenario text>:4:41) — shorten it to at most 2s or start it earlier: the cell would wait for the store to come back",
    );
  });

  it('accepts an outage inside the load', () => {
    expect(resolveScenario({ text: withFault('{ kind: store-outage, at: 9s, duration: 3s }') }).faults).toEqual([{ kind: 'store-outage', atMs: 9000, durationMs: 3000, mode: 'hang' }]);
  });

  it('refuses a store outage where a cell has no shared store', () => {
    expect(only([], withFault('{ kind: store-outage, at: 5s, duration: 3s }', '[memory, redis]'))).toBe(
      'faults[0].kind: store-outage takes down the shared store, but 1 of the 2 cells keep their state in memory and have none (in <scenario text>:4:12) — set matrix.store: redis, or leave those cells out with matrix.exclude: [{ store: memory }]',
    );
    const statelessTools = withFault('{ kind: store-outage, at: 5s, duration: 3s }').replace('model: legacy', 'model: [legacy, stateless]');
    expect(only([], statelessTools)).toMatch(/^faults\[0\]\.kind: store-outage takes down the shared store, but 1 of the 2 cells \(model stateless, flow tools\) keep no state/);
    const mixed = statelessTools.replace('[legacy, stateless]', '[legacy, stateless], flow: [tools, basket], exclude: [{ model: legacy, flow: basket }]');
    expect(only([], mixed)).toMatch(/but 1 of the 3 cells \(model stateless, flow tools\)/);
    expect(resolveScenario({ text: mixed, flags: { set: ['matrix.exclude[1]={ model: stateless, flow: tools }'] } }).faults).toHaveLength(1);
  });

  it('refuses a store outage on platform external (the harness did not start that store)', () => {
    const text = withFault('{ kind: store-outage, at: 5s, duration: 3s }') + 'platform: external\nbalancer: haproxy\ntarget: { url: "http://127.0.0.1:8080" }\n';
    expect(only([], text)).toMatch(/^faults\[0\]\.kind: store-outage cannot run on platform external/);
  });

  it('knows which cells start a shared store exactly as the run does', () => {
    const every = crossProduct({ models: PROTOCOL_MODELS, policies: ['round-robin'], replicas: [1], flows: FLOWS, stores: STORES });
    // A cell starts Redis when any of the stores its replicas use (run/cell-state.ts) is redis.
    const startsRedis = (cell: (typeof every)[number]): boolean => Object.values(stateFor(cell) ?? {}).includes('redis');
    expect(every.filter(startsRedis)).not.toEqual([]);
    for (const cell of every) expect([cell, usesSharedStore(cell)]).toEqual([cell, startsRedis(cell)]);
  });
});

describe('an open-model schedule must make at least one measured start', () => {
  it('refuses rate 0.0000001 (no session, later called generator-saturated), saying how many starts it makes', () => {
    expect(only(['load.rate=0.0000001'])).toBe(
      'load.rate: 1e-7/s schedules 0 starts in the 10s measured window, so nothing would be measured (from --set load.rate=0.0000001) — raise load.rate to at least 0.167 or lengthen load.duration',
    );
    expect(only(['load.rate=0.1'])).toContain('0.1/s schedules 0 starts in the 10s measured window (1 in the 2s warm-up), so nothing');
  });

  it.each([
    ['2s', '10s'],
    ['0', '10s'],
    ['30s', '10s'],
    ['1s', '3s'],
    ['0', '7s'],
  ])('accepts the minimum rate it suggests (warm-up %s, duration %s), and refuses a rate just under it', (warmup, duration) => {
    const set = [`load.warmup=${warmup}`, `load.duration=${duration}`];
    const suggested = Number(/at least ([\d.]+)/.exec(only([...set, 'load.rate=0.00001']))![1]);
    expect(resolveScenario({ text: BASE, flags: { set: [...set, `load.rate=${suggested}`] } }).load.executor).toBe('constant-arrival-rate');
    expect(only([...set, `load.rate=${suggested * 0.98}`])).toContain('schedules 0 starts');
  });

  it('refuses a ramp whose starts all fall in the warm-up or never come', () => {
    const ramp = (startRate: number, target: number) =>
      `name: t\nmatrix: { model: legacy, policy: round-robin, replicas: 2 }\nload: { executor: ramping-arrival-rate, startRate: ${startRate}, warmup: 10s, stages: [{ target: ${target}, duration: 20s }] }\n`;
    expect(only([], ramp(0, 0))).toMatch(/^load\.stages: schedule 0 starts after the 10s warm-up, so nothing would be measured/);
    expect(only([], ramp(0.2, 0))).toMatch(/^load\.stages: schedule 0 starts after the 10s warm-up \(2 in it\)/);
    expect(() => resolveScenario({ text: ramp(0, 0.2) })).not.toThrow();
  });
});

describe('the scenario name fits a run folder name', () => {
  it('refuses a name over 64 characters, which the run id and folder are made of', () => {
    expect(only([`name=${'a'.repeat(65)}`])).toMatch(/^name: must be at most 64 characters long \(got 65\) \(from --set name=a+\) — Scenario name: .*at most 64 characters/);
    expect(resolveScenario({ text: BASE, flags: { set: [`name=${'a'.repeat(64)}`] } }).name).toHaveLength(64);
  });

  it('keeps the longest run id well inside NAME_MAX (255 bytes)', () => {
    expect(Buffer.byteLength(newRunId('a'.repeat(64)))).toBe(86);
  });
});

describe('a file with thousands of problems', () => {
  it(`lists the first ${MAX_PROBLEMS_SHOWN} and counts the rest`, () => {
    const keys = Array.from({ length: 500 }, (_, i) => `k${i}: 1`).join('\n');
    const found = details({ text: `${BASE}${keys}\n` });
    expect(found).toHaveLength(MAX_PROBLEMS_SHOWN + 1);
    expect(found[0]).toMatch(/^k0: unknown key/);
    expect(found[MAX_PROBLEMS_SHOWN]).toBe(`… and ${500 - MAX_PROBLEMS_SHOWN} more (fix these first, then run again)`);
  });
});
