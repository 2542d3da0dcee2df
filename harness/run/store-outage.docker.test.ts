import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import type { RunResult } from '../results/result-types.js';
import { dockerClient } from '../platform/docker-client.js';
import { runFilters } from '../platform/docker-sweep.js';
import { requireDocker } from '../testing/docker-requirements.js';
import { runScenario } from './run-scenario.js';

const docker = await requireDocker(['replica', 'haproxy', 'redis']);

// Legacy sessions kept in the Redis container, behind round-robin; the store goes away at 2 s for 2 s.
const scenarioText = (mode: 'hang' | 'refuse'): string => `
name: outage-docker-${mode}
platform: docker
balancer: haproxy
matrix: { model: legacy, policy: round-robin, replicas: 3, store: redis }
load: { executor: constant-arrival-rate, rate: 10, duration: 7s, warmup: 500ms }
workload: { callsPerSession: 3, thinkTime: 100ms }
client: { timeout: 5s }
faults: [{ kind: store-outage, at: 2s, duration: 2s, mode: ${mode} }]
`;

describe.skipIf(docker.skip)(`a store outage on platform docker ${docker.reason}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-docker-outage-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(mode: 'hang' | 'refuse'): Promise<RunResult> {
    const scenario = resolveScenario({ text: scenarioText(mode), env: {}, flags: { set: [] } });
    const { result } = await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] });
    const d = (await dockerClient()).container.dockerode;
    expect((await d.listContainers({ all: true, filters: runFilters(result.runId) })).length).toBe(0);
    return result;
  }

  it.each(['hang', 'refuse'] as const)('%s: failures counted second by second while the store is away, none before, none once it is back', async (mode) => {
    const result = await run(mode);
    expect(result.status).toBe('completed');
    const c = result.cells[0]!;
    expect(c.containers?.map((x) => x.role)).toEqual(['replica r1', 'replica r2', 'replica r3', 'balancer', 'store']);
    const fault = c.faults?.[0];
    expect(fault?.error).toBeUndefined();
    expect(fault!.recoveredAtMs! - fault!.startedAtMs!).toBeGreaterThanOrEqual(1900);
    const series = c.timeSeries!;
    const failed = (from: number, to: number): number => series.filter((p) => p.second >= from && p.second < to).reduce((n, p) => n + p.failed, 0);
    expect(failed(0, 2)).toBe(0);
    expect(failed(2, 4)).toBeGreaterThan(3);
    // Once the store is back every new session works again (refuse: on an empty store). A killed
    // store takes the replicas' clients up to about a second longer to reconnect than a frozen one.
    const settled = Math.ceil(fault!.recoveredAtMs! / 1000) + (mode === 'refuse' ? 1 : 0);
    const after = series.filter((p) => p.second >= settled && p.phase !== 'drain');
    expect(after.reduce((n, p) => n + p.requests, 0)).toBeGreaterThan(0);
    expect(after.reduce((n, p) => n + p.failed, 0)).toBe(0);
  }, 120_000);
});
