import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { readSizeResult } from '../results/read-size-result.js';
import { sizeScenario } from './size-scenario.js';
import { sizeSettings } from './size-settings.js';
import { SyntheticTarget, syntheticPlatform } from './testing/synthetic-platform.js';

/**
 * The whole `size` pipeline (plan per step → generator → measureCell → step judge → search → size.json)
 * against a target whose capacity is known: 10 ms per request from one queue = 100 requests/s, and
 * 2 tool calls per session = 50 sessions/s. Past it the queue, and the p99, grow without bound.
 */
const SCENARIO = (sizing: string) => `
name: synthetic
matrix: { model: stateless, policy: round-robin, replicas: 1 }
load: { executor: constant-arrival-rate, rate: 10, duration: 2s }
workload: { callsPerSession: 2, tools: [{ name: echo, arguments: { text: hello } }] }
client: { timeout: 2s }
slo: { callP99: 100ms, errorRate: 0.1% }
sizing: { cpuPerReplica: 1, startRate: 10, maxRate: 400, replicaWarmup: 0, ${sizing} }
`;
const KNOWN_CAPACITY = 50;

describe('size against a target of known capacity', () => {
  let resultsRoot: string;
  beforeAll(async () => {
    resultsRoot = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-size-'));
  });
  afterAll(async () => {
    if (resultsRoot) await rm(resultsRoot, { recursive: true, force: true });
  });

  it('converges on the capacity, names the replica as the limit, and gets the marginal cost right', async () => {
    const scenario = resolveScenario({ text: SCENARIO('precision: 5%, step: 1500ms, stepWarmup: 500ms, confirm: 3s') });
    const { result, resultFile } = await sizeScenario({
      scenario,
      settings: sizeSettings(scenario, { quick: false }),
      resultsRoot,
      signal: new AbortController().signal,
      command: ['test'],
      platform: syntheticPlatform(new SyntheticTarget(10)),
    });
    const cell = result.cells[0]!;
    expect(result.status).toBe('completed');
    expect(cell.search?.status, cell.search?.reason).toBe('found');
    const capacity = cell.search!.capacityPerSec!;
    expect(capacity).toBeGreaterThan(0.85 * KNOWN_CAPACITY);
    expect(capacity).toBeLessThanOrEqual(1.02 * KNOWN_CAPACITY);
    expect(cell.boundary?.limitedBy).toBe('replicas');
    // Each session costs 2 × 10 ms of the target's one "core": 20 000 µs, so the cap allows 50/s.
    expect(cell.marginalCost!.cpuUsPerSession.point / 20_000).toBeCloseTo(1, 1);
    expect(cell.marginalCost!.predictedCapacityPerSec.point / KNOWN_CAPACITY).toBeCloseTo(1, 1);
    // Every step is on disk with its figures, and the reader gives back what was written.
    const read = await readSizeResult(resultFile);
    expect(read.cells[0]!.steps.map((s) => s.ratePerSec)).toEqual(cell.steps.map((s) => s.ratePerSec));
    expect(read.cells[0]!.steps.every((s) => s.reconciliation === 'reconciled')).toBe(true);
    expect(read.fits[0]!.unavailable).toMatch(/2 or more replica counts/);
  });

  it('marks a search whose generator could not keep up as invalid, never as a capacity', async () => {
    const scenario = resolveScenario({ text: SCENARIO('precision: 20%, step: 1s, stepWarmup: 200ms, confirm: 1s') });
    // Hog the generator's own thread (it runs in this one: generator.workers 0) for 30 ms in every 40.
    const hog = setInterval(() => {
      const until = performance.now() + 30;
      while (performance.now() < until);
    }, 40);
    let result;
    try {
      ({ result } = await sizeScenario({
        scenario,
        settings: sizeSettings(scenario, { quick: false }),
        resultsRoot,
        signal: new AbortController().signal,
        command: ['test'],
        platform: syntheticPlatform(new SyntheticTarget(10)),
      }));
    } finally {
      clearInterval(hog);
    }
    const cell = result.cells[0]!;
    expect(cell.search?.status).toBe('invalid');
    expect(cell.search?.capacityPerSec).toBeUndefined();
    expect(cell.search?.reason).toMatch(/limited by the generator/);
    expect(cell.steps.some((s) => s.limitedBy === 'generator' && s.limiterReason.startsWith('generator saturated: '))).toBe(true);
    expect(result.fits[0]!.leftOut[0]!.reason).toMatch(/^invalid: /);
    expect(result.warnings.some((w) => w.startsWith('stateless.round-robin.r1: no capacity (invalid): the step at '))).toBe(true);
  });
});
