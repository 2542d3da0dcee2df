import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { resolveScenario, type ResolveScenarioInput } from './resolve-scenario.js';
import type { ResolvedScenario } from './resolved-scenario.js';
import { defaultImageNames } from '../images/image-names.js';

const MINIMAL = `
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

describe('resolveScenario: defaults and desugaring', () => {
  it('fills every default and desugars shortcuts into the ResolvedScenario shape', () => {
    const expected: ResolvedScenario = {
      name: 't',
      description: '',
      sourceFile: undefined,
      platform: 'process',
      images: defaultImageNames(),
      target: undefined,
      balancer: { implementation: 'auto', pools: [], healthCheck: 'default', retries: 'default', redispatch: 'default' },
      matrix: { models: ['legacy'], policies: ['round-robin'], replicas: [2], flows: ['tools'], stores: ['memory'], exclude: [] },
      load: { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 10_000, warmupMs: 2_000, maxInFlight: 1000, unit: 'sessions', clients: undefined, repetitions: 1 },
      workload: {
        callsPerSession: 5,
        sseStream: true,
        listTools: false,
        thinkTimeMs: 0,
        thinkTimeJitter: 0.5,
        tools: [{ name: 'echo', weight: 1, arguments: { text: 'hello' } }],
        taskJobMs: 300,
        taskCancelFraction: 0,
      },
      client: { timeoutMs: 10_000, maxConnections: 1024, cookies: true, sourceAddresses: 1 },
      servers: { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 300_000 }, readinessTimeoutMs: 15_000 },
      generator: { workers: 0 },
      faults: [],
      thresholds: [],
      seed: 1,
    };
    expect(resolveScenario({ text: MINIMAL })).toEqual(expected);
  });

  it('returns a deep-frozen result', () => {
    const resolved = resolveScenario({ text: MINIMAL });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.matrix.policies)).toBe(true);
    expect(Object.isFrozen(resolved.workload.tools[0]!.arguments)).toBe(true);
    expect(() => {
      (resolved.load as { durationMs: number }).durationMs = 1;
    }).toThrow(TypeError);
  });

  it('reads the closed-loop executor and the long forms of the shortcuts', () => {
    const resolved = resolveScenario({
      text: `
name: closed_1
balancer: { implementation: nginx }
matrix: { model: [stateless], policy: [least-conn, sticky-cookie], replicas: [1, 4] }
load: { executor: closed-loop, clients: 8, duration: 1m30s, warmup: 0 }
workload: { thinkTime: 0.25s, tools: [{ name: sleep, weight: 0.5, arguments: { ms: 5 } }] }
servers: { legacy: { unknownSessionStatus: 400 } }
`,
    });
    expect(resolved.balancer).toEqual({ implementation: 'nginx', pools: [], healthCheck: 'default', retries: 'default', redispatch: 'default' });
    expect(resolved.matrix).toEqual({ models: ['stateless'], policies: ['least-conn', 'sticky-cookie'], replicas: [1, 4], flows: ['tools'], stores: ['memory'], exclude: [] });
    expect(resolved.load).toEqual({ executor: 'closed-loop', unit: 'sessions', clients: 8, durationMs: 90_000, warmupMs: 0, repetitions: 1 });
    expect(resolved.workload.thinkTimeMs).toBe(250);
    expect(resolved.workload.tools).toEqual([{ name: 'sleep', weight: 0.5, arguments: { ms: 5 } }]);
    expect(resolved.servers.legacy).toEqual({ unknownSessionStatus: 400, sessionIdleTimeoutMs: 300_000 });
  });

  it('reads JSON, allowing a $schema key', () => {
    const text = JSON.stringify({
      $schema: './scenario.schema.json',
      name: 'j',
      matrix: { model: 'legacy', policy: 'round-robin', replicas: 1 },
      load: { executor: 'constant-arrival-rate', rate: 1, duration: 1000 },
    });
    const resolved = resolveScenario({ text, format: 'json' });
    expect(resolved.name).toBe('j');
    expect(resolved.load.durationMs).toBe(1000);
  });

  it('records the absolute path of the file it read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const file = join(dir, 'x.yml');
    writeFileSync(file, MINIMAL);
    expect(resolveScenario({ file }).sourceFile).toBe(file);
  });
});

describe('resolveScenario: every problem at once', () => {
  const BROKEN = `name: broken
matrix:
  model: legacy
  policy: [round-robin, stiky]
  replicas: 3
load:
  executor: constant-arrival-rate
  rate: -5
  duration: 12x
  ratee: 3
workload:
  tools:
    - name: echo
      arguments: { text: hi, colour: red }
`;

  it('throws one E_SCENARIO_INVALID with exit code 2 listing each problem with its path, origin and hint', () => {
    const error = failure({ text: BROKEN, file: 'scenarios/broken.yaml' });
    expect(error.code).toBe('E_SCENARIO_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('scenario scenarios/broken.yaml is invalid: 5 problems');
    expect(error.details).toEqual([
      'matrix.policy[1]: unknown policy "stiky" (in scenarios/broken.yaml:4:25) — did you mean "sticky-cookie"? valid: round-robin, least-conn, sticky-cookie, sticky-session-id, hash-session-id, client-ip, route-by-header, route-by-body, route-by-task-owner',
      'load.rate: must be > 0 (got -5) (in scenarios/broken.yaml:8:3) — Starts per second (sessions or requests, see unit), > 0 and <= 100000.',
      'load.duration: "12x" is not a duration (in scenarios/broken.yaml:9:3) — use 500ms, 12s, 2m, 1h, 1m30s, 0.5s, or a plain number of milliseconds',
      'load.ratee: unknown key (in scenarios/broken.yaml:10:3) — did you mean "rate"? valid keys: executor, unit, rate, clients, duration, warmup, maxInFlight, repetitions',
      'workload.tools[0].arguments.colour: unknown argument (in scenarios/broken.yaml:14:30) — valid arguments: text',
    ]);
  });

  it.each([
    ['load: { executor: closed-loop, clients: 2, duration: 1s, rate: 5 }', 'load.rate: unknown key', '"rate" only applies with executor: constant-arrival-rate'],
    ['load: { executor: open, rate: 5, duration: 1s }', 'load.executor: unknown executor "open"', 'valid: constant-arrival-rate, ramping-arrival-rate, closed-loop'],
    ['load: { rate: 5, duration: 1s }', 'load.executor: missing required key', 'one of: constant-arrival-rate, ramping-arrival-rate, closed-loop'],
    ['load: { executor: constant-arrival-rate, rate: 5, duration: 25h }', 'load.duration: must be <= 24h (got 25h)', 'Measured window, after warm-up (> 0 and <= 24h)'],
    ['load: { executor: constant-arrival-rate, rate: 5, duration: 0 }', 'load.duration: must be > 0 (got 0 ms)', 'Measured window'],
    ['load: { executor: constant-arrival-rate, rate: 5, duration: 1s, warmup: -1s }', 'load.warmup: "-1s" is negative', 'a duration must be >= 0'],
    ['load: { executor: closed-loop, clients: 2.5, duration: 1s }', 'load.clients: must be an integer (got 2.5)', 'integer 1..10000'],
    ['load: { executor: constant-arrival-rate, rate: fast, duration: 1s }', 'load.rate: expected a number, got "fast"', 'Starts per second'],
    ['workload: { tools: [{ name: work, arguments: { cpuUs: "5" } }] }', 'workload.tools[0].arguments.cpuUs: expected a number, got "5"', 'integer 0..1000000'],
    ['workload: { tools: [{ name: echo, arguments: {} }] }', 'workload.tools[0].arguments.text: missing required argument', 'Text the tool returns'],
    ['workload: { tools: [{ name: ech, arguments: {} }] }', 'workload.tools[0].name: unknown tool "ech"', 'did you mean "echo"? valid: echo, work, sleep'],
    ['workload: { tools: [] }', 'workload.tools: must list at least 1 entry', 'Tool mix'],
    ['balancer: hap', 'balancer: unknown balancer implementation "hap"', 'did you mean "haproxy"? valid: auto, haproxy, nginx, builtin'],
    ['balancer: { implementation: ngnix }', 'balancer.implementation: unknown balancer implementation "ngnix"', 'did you mean "nginx"?'],
    ['platform: kubernetes', 'platform: unknown platform "kubernetes"', 'valid: process, docker, external'],
    ['servers: { legacy: { unknownSessionStatus: 500 } }', 'servers.legacy.unknownSessionStatus: must be one of 404, 400 (got 500)', 'Status for an unknown Mcp-Session-Id'],
    ['seed: -1', 'seed: must be >= 0 (got -1)', 'integer >= 0'],
    ['clinet: {}', 'clinet: unknown key', 'did you mean "client"?'],
  ])('%s', (line, problem, hint) => {
    const base = MINIMAL.split('\n').filter((l) => !l.startsWith(line.split(':')[0]!));
    const error = failure({ text: [...base, line].join('\n') });
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatch(new RegExp(`^${escape(problem)} \\(in <scenario text>(:\\d+:\\d+)?\\) — .*${escape(hint)}`));
  });

  it('reports duplicate list entries at the repeated index', () => {
    const error = failure({ text: MINIMAL, flags: { policies: 'round-robin,least-conn,round-robin', replicas: [2, 2] } });
    expect(error.details).toEqual([
      'matrix.policy[2]: duplicate policy (same as [0]) (from --policies) — list each policy once',
      'matrix.replicas[1]: duplicate replica count (same as [0]) (from --replicas) — list each replica count once',
    ]);
  });

  it('reports a missing name and an empty document', () => {
    expect(failure({ text: MINIMAL.replace('name: t', '') }).details).toEqual([
      'name: missing required key (in <scenario text>) — Scenario name: lowercase letters, digits, - and _, starting with a letter or digit, at most 64 characters (run ids and folders are named after it).',
    ]);
    expect(failure({ text: '' }).details).toEqual([
      '(top level): expected a mapping, got null (in <scenario text>) — a scenario is a mapping with at least name, matrix and load; scenarios/smoke.yaml is a small example',
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
