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
const SCENARIO = (sizing: string, slo = '{ callP99: 100ms, errorRate: 0.1% }') => `
name: synthetic
matrix: { model: stateless, policy: round-robin, replicas: 1 }
load: { executor: constant-arrival-rate, rate: 10, duration: 2s }
workload: { callsPerSession: 2, tools: [{ name: echo, arguments: { text: hello } }] }
client: { timeout: 2s }
slo: ${slo}
sizing: { cpuPerReplica: 1, startRate: 10, replicaWarmup: 0, ${sizing} }
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
    const scenario = resolveScenario({ text: SCENARIO('maxRate: 400, precision: 5%, step: 1500ms, stepWarmup: 500ms, confirm: 3s') });
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
    // A few per cent of overload take longer than a step to push the p99 past the limit: within the precision.
    expect(capacity).toBeLessThanOrEqual(1.05 * KNOWN_CAPACITY);
    expect(cell.boundary?.limitedBy).toBe('replicas');
    // Each session costs 2 × 10 ms of the target's one "core": 20 000 µs, so the cap allows 50/s.
    // Within 10 % (the issue asks the cap ÷ marginal cross-check to agree within 20 % on real replicas).
    expect(Math.abs(cell.marginalCost!.cpuUsPerSession.point / 20_000 - 1)).toBeLessThan(0.1);
    expect(Math.abs(cell.marginalCost!.predictedCapacityPerSec.point / KNOWN_CAPACITY - 1)).toBeLessThan(0.1);
    expect(Math.abs(cell.marginalCost!.capacityRatio - capacity / cell.marginalCost!.predictedCapacityPerSec.point)).toBeLessThan(1e-9);
    // Every step is on disk with its figures, and the reader gives back what was written.
    const read = await readSizeResult(resultFile);
    expect(read.cells[0]!.steps.map((s) => s.ratePerSec)).toEqual(cell.steps.map((s) => s.ratePerSec));
    expect(read.cells[0]!.steps.every((s) => s.reconciliation === 'reconciled')).toBe(true);
    expect(read.fits[0]!.unavailable).toMatch(/2 or more replica counts/);
  });

  it('marks a search whose generator could not keep up as invalid, never as a capacity', async () => {
    // A lenient SLO, so the search does not descend into long low-rate steps: it grows to its maximum
    // on steps whose generator was saturated, which must void it.
    const scenario = resolveScenario({ text: SCENARIO('maxRate: 40, precision: 20%, step: 1s, stepWarmup: 200ms, confirm: 1s', '{ callP99: 5s }') });
    // Hog the generator's own thread (it runs in this one: generator.workers 0) for 38 ms in every 40.
    const hog = setInterval(() => {
      const until = performance.now() + 38;
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
    expect(cell.steps.some((s) => s.limitedBy === 'generator' && /^generator thread at 0\.9\d of a core$/.test(s.limiterReason))).toBe(true);
    expect(result.fits[0]!.leftOut[0]!.reason).toMatch(/^invalid: /);
    expect(result.warnings.some((w) => w.startsWith('stateless.round-robin.r1: no capacity (invalid): the step at '))).toBe(true);
  });
});
