import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import type { CellResult, RunResult } from '../results/result-types.js';
import { HAPROXY_PATHS, REDIS_SERVER_PATHS, requireTool } from '../testing/requirements.js';
import { runScenario } from './run-scenario.js';

const redis = requireTool('redis-server', REDIS_SERVER_PATHS);
const haproxy = requireTool('haproxy', HAPROXY_PATHS);
const skip = redis.skip || haproxy.skip;

const failures = (c: CellResult, kind: string): number => Object.values(c.metrics!.steps).reduce((n, s) => n + (s?.failures[kind] ?? 0), 0);
const cell = (r: RunResult, id: string): CellResult => {
  const c = r.cells.find((x) => x.id === id);
  if (!c) throw new Error(`no cell ${id}: ${r.cells.map((x) => x.id).join(', ')}`);
  return c;
};

describe.skipIf(skip)(`state strategies behind round-robin with 3 replicas, real Redis and HAProxy ${redis.reason || haproxy.reason}`, () => {
  let dir: string;
  let result: RunResult;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-state-'));
    const scenario = resolveScenario({
      text: `name: state-int
balancer: haproxy
matrix:
  model: [legacy, stateless]
  policy: round-robin
  replicas: 3
  flow: [tools, basket, tasks]
  store: [memory, redis]
  exclude:
    - { model: legacy, flow: basket }
    - { model: legacy, flow: tasks }
    - { model: legacy, store: memory }
    - { model: stateless, flow: tools }
load: { executor: constant-arrival-rate, rate: 12, duration: 4s, warmup: 500ms }
workload: { callsPerSession: 3, thinkTime: 50ms, taskJob: 250ms }
client: { timeout: 5s }`,
      env: {},
      flags: { set: [] },
    });
    result = (await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] })).result;
  }, 180_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs the five cells and reconciles every count exactly', () => {
    expect(result.cells.map((c) => c.id).sort()).toEqual(
      ['legacy.round-robin.r3.redis', 'stateless.round-robin.r3.basket', 'stateless.round-robin.r3.basket.redis', 'stateless.round-robin.r3.tasks', 'stateless.round-robin.r3.tasks.redis'].sort(),
    );
    for (const c of result.cells) {
      expect(c.status).toBe('completed');
      expect(c.reconciliation?.state, `${c.id}: ${JSON.stringify(c.reconciliation?.mismatches)}`).toBe('reconciled');
    }
  });

  it('legacy sessions in Redis get zero 404s behind round-robin', () => {
    const c = cell(result, 'legacy.round-robin.r3.redis');
    expect(c.metrics!.http404.count).toBe(0);
    expect(c.metrics!.sessions.failed).toBe(0);
    expect(c.storeTraffic?.opsPerRequest).toBeGreaterThan(0.9);
  });

  it('handles in replica memory fail on about two thirds of follow-up calls; in Redis on none', () => {
    const memory = cell(result, 'stateless.round-robin.r3.basket');
    const followUps = memory.metrics!.steps['handle-use']!.total + memory.metrics!.steps['handle-close']!.total;
    const share = failures(memory, 'handle-not-found') / followUps;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.82);
    const shared = cell(result, 'stateless.round-robin.r3.basket.redis');
    expect(failures(shared, 'handle-not-found')).toBe(0);
    expect(shared.metrics!.sessions.failed).toBe(0);
  });

  it('tasks in replica memory lose about two thirds of tasks/get polls; in Redis none', () => {
    const memory = cell(result, 'stateless.round-robin.r3.tasks');
    const polls = memory.metrics!.steps['task-poll']!.total;
    const lost = failures(memory, 'task-not-found');
    expect(lost / polls).toBeGreaterThan(0.5);
    expect(lost / polls).toBeLessThan(0.85);
    const shared = cell(result, 'stateless.round-robin.r3.tasks.redis');
    expect(failures(shared, 'task-not-found')).toBe(0);
    const f = shared.metrics!.flows;
    expect((f['tasks.completed'] ?? 0) + (f['tasks.cancelled'] ?? 0)).toBe(f['tasks.started']);
  });
});

describe.skipIf(skip)('a 3 s Redis outage in the middle of a run', () => {
  it('shows up as counted errors in the time series, and the run completes with results written', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-outage-'));
    try {
      const scenario = resolveScenario({
        text: `name: outage-int
balancer: haproxy
matrix: { model: legacy, policy: round-robin, replicas: 3, store: redis }
load: { executor: constant-arrival-rate, rate: 10, duration: 8s, warmup: 500ms }
workload: { callsPerSession: 3, thinkTime: 100ms }
client: { timeout: 5s }
faults: [{ kind: store-outage, at: 3s, duration: 3s, mode: hang }]`,
        env: {},
        flags: { set: [] },
      });
      const { result, resultFile } = await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] });
      expect(result.status).toBe('completed');
      const c = result.cells[0]!;
      const [fault] = c.faults!;
      expect(fault?.error).toBeUndefined();
      expect(fault!.recoveredAtMs! - fault!.startedAtMs!).toBeGreaterThanOrEqual(2900);
      const during = c.timeSeries!.filter((p) => p.second >= 3 && p.second < 6);
      const before = c.timeSeries!.filter((p) => p.second < 3);
      const after = c.timeSeries!.filter((p) => p.second >= 7 && p.phase !== 'drain');
      expect(during.reduce((n, p) => n + p.failed, 0)).toBeGreaterThan(5);
      expect(before.reduce((n, p) => n + p.failed, 0)).toBe(0);
      expect(after.reduce((n, p) => n + p.failed, 0)).toBe(0);
      expect(after.reduce((n, p) => n + p.requests, 0)).toBeGreaterThan(0);
      const onDisk = JSON.parse(await readFile(resultFile, 'utf8')) as RunResult;
      expect(onDisk.cells[0]?.faults?.[0]?.kind).toBe('store-outage');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
