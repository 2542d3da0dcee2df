import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { resolveScenario, type ResolveScenarioInput } from './resolve-scenario.js';

// Layers, lowest to highest: defaults < file < env < flags (and --set last among flags).
const FILE = `name: layered
matrix: { model: legacy, policy: round-robin, replicas: 2 }
load:
  executor: constant-arrival-rate
  rate: 20
  duration: 10s
seed: 7
`;
const file = 'scenarios/layered.yaml';

function details(input: ResolveScenarioInput): readonly string[] {
  try {
    resolveScenario(input);
  } catch (e) {
    if (e instanceof HarnessError && e.code === 'E_SCENARIO_INVALID') return e.details;
    throw e;
  }
  throw new Error('expected resolveScenario to throw');
}

describe('layer precedence', () => {
  it('flag beats env beats file beats default', () => {
    const fileOnly = resolveScenario({ text: FILE, file });
    expect(fileOnly.load).toMatchObject({ ratePerSec: 20, durationMs: 10_000, warmupMs: 2_000 });

    const env = { MCP_LB_BENCH_RATE: '30', MCP_LB_BENCH_DURATION: '20s', MCP_LB_BENCH_WARMUP: '500ms', MCP_LB_BENCH_SEED: '9' };
    const withEnv = resolveScenario({ text: FILE, file, env });
    expect(withEnv.load).toMatchObject({ ratePerSec: 30, durationMs: 20_000, warmupMs: 500 });
    expect(withEnv.seed).toBe(9);

    const withFlags = resolveScenario({ text: FILE, file, env, flags: { rate: '40', warmup: 0, seed: 3 } });
    expect(withFlags.load).toMatchObject({ ratePerSec: 40, durationMs: 20_000, warmupMs: 0 });
    expect(withFlags.seed).toBe(3);
  });

  it('--set is applied after the named flags, in order', () => {
    const resolved = resolveScenario({ text: FILE, file, flags: { rate: 40, set: ['load.rate=50', 'load.rate=60'] } });
    expect(resolved.load).toMatchObject({ ratePerSec: 60 });
  });

  it('balancer: env and flag shorthands desugar like the file one', () => {
    expect(resolveScenario({ text: FILE, env: { MCP_LB_BENCH_BALANCER: 'nginx' } }).balancer).toEqual({ implementation: 'nginx', pools: [], healthCheck: 'default', retries: 'default', redispatch: 'default' });
    const both = resolveScenario({ text: FILE, env: { MCP_LB_BENCH_BALANCER: 'nginx' }, flags: { balancer: 'builtin' } });
    expect(both.balancer).toEqual({ implementation: 'builtin', pools: [], healthCheck: 'default', retries: 'default', redispatch: 'default' });
  });

  it('matrix flags take comma lists or arrays', () => {
    const resolved = resolveScenario({ text: FILE, flags: { replicas: '1, 3', models: 'legacy,stateless', policies: ['least-conn'] } });
    expect(resolved.matrix).toEqual({ models: ['legacy', 'stateless'], policies: ['least-conn'], replicas: [1, 3], flows: ['tools'], stores: ['memory'], exclude: [] });
    expect(resolveScenario({ text: FILE, flags: { replicas: [4] } }).matrix.replicas).toEqual([4]);
  });

  it('--set values are YAML: flow lists, mappings, and new keys inside existing sections', () => {
    const resolved = resolveScenario({
      text: FILE,
      flags: {
        set: [
          'matrix.policy=[round-robin, sticky-cookie]',
          'load={executor: closed-loop, clients: 4, duration: 1s}',
          'workload.tools[0]={name: sleep, arguments: {ms: 3}}',
          'client.timeout=2s',
        ],
      },
    });
    expect(resolved.matrix.policies).toEqual(['round-robin', 'sticky-cookie']);
    expect(resolved.load).toEqual({ executor: 'closed-loop', unit: 'sessions', clients: 4, durationMs: 1_000, warmupMs: 2_000, repetitions: 1 });
    expect(resolved.workload.tools).toEqual([{ name: 'sleep', weight: 1, arguments: { ms: 3 } }]);
    expect(resolved.client.timeoutMs).toBe(2_000);
  });

  it('ignores unset env vars and env vars it does not own', () => {
    expect(resolveScenario({ text: FILE, env: { MCP_LB_BENCH_RATE: undefined, PATH: '/bin' } }).load).toMatchObject({ ratePerSec: 20 });
  });
});

describe('problem attribution', () => {
  const rateProblem = (origin: string): string =>
    `load.rate: must be > 0 (got 0) (${origin}) — Starts per second (sessions or requests, see unit), > 0 and <= 100000.`;

  it('names the layer that supplied the bad value', () => {
    expect(details({ text: FILE.replace('rate: 20', 'rate: 0'), file })).toEqual([rateProblem('in scenarios/layered.yaml:5:3')]);
    expect(details({ text: FILE, file, env: { MCP_LB_BENCH_RATE: '0' } })).toEqual([rateProblem('from MCP_LB_BENCH_RATE')]);
    expect(details({ text: FILE, file, env: { MCP_LB_BENCH_RATE: '30' }, flags: { rate: '0' } })).toEqual([rateProblem('from --rate')]);
    expect(details({ text: FILE, file, flags: { rate: 30, set: ['load.rate=0'] } })).toEqual([rateProblem('from --set load.rate=0')]);
  });

  it('a value overridden by a higher layer is not blamed on the lower one', () => {
    expect(resolveScenario({ text: FILE.replace('rate: 20', 'rate: 0'), file, flags: { rate: 5 } }).load).toMatchObject({ ratePerSec: 5 });
  });

  it('an empty env var is a value, and is checked', () => {
    expect(details({ text: FILE, file, env: { MCP_LB_BENCH_RATE: '' } })).toEqual([
      'load.rate: expected a number, got null (from MCP_LB_BENCH_RATE) — Starts per second (sessions or requests, see unit), > 0 and <= 100000.',
    ]);
  });

  it('blames a flag for a key it added where it does not belong', () => {
    expect(details({ text: FILE, file, flags: { clients: 4, set: ['load.rat=3', 'extra.key=1'] } })).toEqual([
      'load.rat: unknown key (from --set load.rat=3) — did you mean "rate"? valid keys: executor, unit, rate, clients, duration, warmup, maxInFlight, repetitions',
      'load.clients: only applies with unit: requests (with unit: sessions every start is its own client): remove it or set unit: requests (from --clients) — unit: requests only — long-lived client sessions serving the requests, integer 1..10000.',
      'extra: unknown key (from --set extra.key=1) — valid keys: $schema, name, description, platform, images, target, balancer, matrix, load, workload, client, generator, servers, faults, thresholds, seed, slo, sizing',
    ]);
  });

  it('reports malformed --set flags with the other problems', () => {
    expect(details({ text: FILE, file, flags: { rate: -1, set: ['nonsense', 'load..rate=1', 'name.first=x', 'description=[unclosed'] } })).toEqual([
      '--set nonsense: expected dotted.path=value — e.g. --set load.rate=30 or --set matrix.policy=[round-robin]',
      '--set load..rate=1: expected dotted.path=value — e.g. --set load.rate=30 or --set matrix.policy=[round-robin]',
      '--set description=[unclosed: value is not valid YAML: Flow sequence must end with a ] — quote it, e.g. --set description="a: b"',
      '--set name.first=x: name is "layered", not a mapping — set name as a whole',
      'load.rate: must be > 0 (got -1) (from --rate) — Starts per second (sessions or requests, see unit), > 0 and <= 100000.',
    ]);
  });
});
