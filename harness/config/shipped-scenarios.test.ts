import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveScenario } from './resolve-scenario.js';
import { planRun } from '../run/plan.js';

const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const shipped = readdirSync(SCENARIOS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'scenario.schema.json');

describe('shipped scenarios', () => {
  it('exist', () => {
    expect(shipped).toEqual(expect.arrayContaining(['headline.yaml', 'smoke.yaml']));
  });

  it.each(shipped)('%s resolves', (name) => {
    const resolved = resolveScenario({ file: `${SCENARIOS_DIR}${name}` });
    expect(resolved.sourceFile).toBe(`${SCENARIOS_DIR}${name}`);
  });

  it.each(shipped.filter((f) => /\.ya?ml$/.test(f)))('%s points editors at the JSON Schema on its first line', (name) => {
    const [firstLine] = readFileSync(`${SCENARIOS_DIR}${name}`, 'utf8').split('\n');
    expect(firstLine).toBe('# yaml-language-server: $schema=./scenario.schema.json');
  });

  it('headline.yaml is the 2 x 2 x 1 comparison at 20 sessions/s with SDK clients, plus legacy × round-robin with the spec’s client', () => {
    const headline = resolveScenario({ file: `${SCENARIOS_DIR}headline.yaml` });
    expect(headline.matrix).toEqual({
      models: ['legacy', 'stateless'],
      policies: ['round-robin', 'sticky-session-id'],
      replicas: [3],
      flows: ['tools'],
      stores: ['memory'],
      profiles: ['sdk', 'spec'],
      exclude: [
        { profile: 'spec', model: 'stateless' },
        { profile: 'spec', policy: 'sticky-session-id' },
      ],
    });
    expect(headline.client.profile).toBe('sdk');
    expect(planRun(headline).cells.map((c) => c.id)).toEqual(['legacy.round-robin.r3', 'legacy.round-robin.r3.spec', 'legacy.sticky-session-id.r3', 'stateless.round-robin.r3', 'stateless.sticky-session-id.r3']);
    expect(headline.load).toEqual({ executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 10_000, warmupMs: 2_000, maxInFlight: 1000, unit: 'sessions', clients: undefined, repetitions: 1 });
    expect(headline.workload).toEqual({
      callsPerSession: 5,
      sseStream: true,
      listTools: false,
      thinkTimeMs: 100,
      thinkTimeJitter: 0.5,
      tools: [
        { name: 'echo', weight: 3, arguments: { text: 'hello' } },
        { name: 'work', weight: 1, arguments: { cpuUs: 200 } },
      ],
      taskJobMs: 300,
      taskCancelFraction: 0,
    });
    expect(headline.client.timeoutMs).toBe(5_000);
  });

  it('smoke.yaml is the headline matrix, cut to seconds', () => {
    const smoke = resolveScenario({ file: `${SCENARIOS_DIR}smoke.yaml` });
    const headline = resolveScenario({ file: `${SCENARIOS_DIR}headline.yaml` });
    const { profiles: _profiles, exclude: _exclude, ...headlineMatrix } = headline.matrix;
    expect(smoke.matrix).toEqual({ ...headlineMatrix, exclude: [] });
    expect(smoke.load).toEqual({ executor: 'constant-arrival-rate', ratePerSec: 10, durationMs: 1_000, warmupMs: 500, maxInFlight: 1000, unit: 'sessions', clients: undefined, repetitions: 1 });
  });
});
