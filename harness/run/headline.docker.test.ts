import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import type { CellResult, RunResult } from '../results/result-types.js';
import { dockerClient } from '../platform/docker-client.js';
import { runFilters } from '../platform/docker-sweep.js';
import { requireDocker } from '../testing/docker-requirements.js';
import { runScenario } from './run-scenario.js';

const docker = await requireDocker(['replica', 'haproxy']);

// The headline matrix on platform docker, cut to seconds (the three cells that carry the answer).
const scenarioText = (duration: string): string => `
name: headline-docker
platform: docker
balancer: haproxy
matrix:
  model: [legacy, stateless]
  policy: [round-robin, sticky-session-id]
  replicas: [3]
  exclude: [{ model: stateless, policy: sticky-session-id }]
load:
  executor: constant-arrival-rate
  rate: 30
  duration: ${duration}
  warmup: 500ms
workload:
  callsPerSession: 5
  thinkTime: 40ms
  tools:
    - { name: echo, weight: 3, arguments: { text: hello } }
    - { name: work, weight: 1, arguments: { cpuUs: 200 } }
client:
  timeout: 5s
`;

async function leftovers(runId: string): Promise<{ containers: number; networks: number }> {
  const d = (await dockerClient()).container.dockerode;
  return {
    containers: (await d.listContainers({ all: true, filters: runFilters(runId) })).length,
    networks: (await d.listNetworks({ filters: runFilters(runId) })).length,
  };
}

function cell(result: RunResult, id: string): CellResult {
  const c = result.cells.find((x) => x.id === id);
  if (!c) throw new Error(`no cell ${id}`);
  return c;
}

describe.skipIf(docker.skip)(`headline comparison on platform docker ${docker.reason}`, () => {
  let dir: string;
  let result: RunResult;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-docker-run-'));
    const scenario = resolveScenario({ text: scenarioText('2s'), env: {}, flags: { set: [] } });
    result = (await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] })).result;
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs every cell in containers, through the HAProxy container', () => {
    expect(result.environment['harnessPlatform']).toBe('docker');
    expect(result.cells.map((c) => [c.id, c.status])).toEqual([
      ['legacy.round-robin.r3', 'completed'],
      ['legacy.sticky-session-id.r3', 'completed'],
      ['stateless.round-robin.r3', 'completed'],
    ]);
    for (const c of result.cells) {
      expect(c.balancer?.implementation).toBe('haproxy');
      expect(c.balancer?.selectionReason).toContain('container');
    }
  });

  it("records each container's CPU and memory (Docker stats) and the topology's start and teardown times", () => {
    for (const c of result.cells) {
      expect(c.containers?.map((x) => x.role)).toEqual(['replica r1', 'replica r2', 'replica r3', 'balancer']);
      for (const x of c.containers!) {
        expect(x.running).toBe(true);
        expect(x.cpuUs).toBeGreaterThan(0);
        expect(x.memoryBytes).toBeGreaterThan(0);
      }
      expect(c.topology!.startMs).toBeGreaterThan(0);
      expect(c.topology!.stopMs).toBeGreaterThan(0);
    }
  });

  it('legacy × round-robin answers at least (N-1)/N of post-initialize requests with 404 (as on platform process)', () => {
    const m = cell(result, 'legacy.round-robin.r3').metrics!;
    expect(m.http404.count / m.http404.postInitializeRequests).toBeGreaterThan(2 / 3 - 0.05);
  });

  it('legacy × sticky-session-id: zero 404s, every session completes', () => {
    const m = cell(result, 'legacy.sticky-session-id.r3').metrics!;
    expect(m.http404.count).toBe(0);
    expect(m.sessions.failed).toBe(0);
    expect(m.sessions.ok).toBe(m.sessions.started);
  });

  it('stateless × round-robin: zero 404s and an even spread (±5 % of a third)', () => {
    const c = cell(result, 'stateless.round-robin.r3');
    expect(c.metrics!.http404.count).toBe(0);
    expect(c.metrics!.measuredFailedRequests).toBe(0);
    for (const r of c.replicaReports!) expect(Math.abs(r.sharePct - 100 / 3)).toBeLessThan(5);
  });

  it("client counts reconcile exactly with the replicas' own, and server CPU per session, call and request is measured in containers", () => {
    for (const c of result.cells) {
      expect(c.reconciliation?.state, `${c.id}: ${JSON.stringify(c.reconciliation?.mismatches)}`).toBe('reconciled');
      expect(c.cost?.cpuSource).toBe('container');
      for (const r of c.cost!.perReplica) expect(r.cpuUs).toBeGreaterThan(0);
      expect(c.cost?.replicas.usPerSession).toBeGreaterThan(c.cost!.replicas.usPerRequest!);
      expect(c.cost?.balancer.cpuUs).toBeGreaterThan(0);
    }
  });

  it('leaves no container or network with the run label', async () => {
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });
});

describe.skipIf(docker.skip)(`an interrupted run on platform docker ${docker.reason}`, () => {
  it('Ctrl-C in the middle of a cell: partial results, nothing left behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-docker-abort-'));
    try {
      const scenario = resolveScenario({ text: scenarioText('30s'), env: {}, flags: { set: ['matrix.exclude=[]', 'matrix.model=legacy', 'matrix.policy=sticky-session-id'] } });
      const controller = new AbortController();
      const runId = `test-abort-run-${process.pid}-${Date.now().toString(36)}`;
      const { result } = await runScenario({
        scenario,
        runId,
        resultsRoot: dir,
        signal: controller.signal,
        command: ['test'],
        // What the CLI does on SIGINT, once the cell is measuring.
        onEvent: (e) => {
          if (e.type === 'progress' && e.phase === 'measuring') controller.abort(new Error('interrupted by SIGINT'));
        },
      });
      expect(result.status).toBe('interrupted');
      expect(result.cells.map((c) => c.status)).toEqual(['interrupted']);
      expect(await leftovers(runId)).toEqual({ containers: 0, networks: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
