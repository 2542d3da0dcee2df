import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { parseResult, readResult } from './read-result.js';
import { RESULT_SCHEMA_VERSION } from './result-types.js';

const minimal = (over: Record<string, unknown> = {}) => ({
  schemaVersion: RESULT_SCHEMA_VERSION,
  tool: { name: 'mcp-lb-bench', version: '0.1.0' },
  runId: 'r',
  status: 'completed',
  cells: [{ id: 'legacy.round-robin.r3', model: 'legacy', policy: 'round-robin', replicas: 3, status: 'completed' }],
  ...over,
});

function refusal(value: unknown): HarnessError {
  try {
    parseResult(value, 'x.json');
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('readResult', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-read-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a current result as it was written', async () => {
    const file = path.join(dir, 'ok.json');
    await writeFile(file, JSON.stringify(minimal()));
    expect((await readResult(file)).cells[0]?.id).toBe('legacy.round-robin.r3');
  });

  it('refuses a newer schema version, naming both versions (exit 2)', () => {
    const e = refusal(minimal({ schemaVersion: RESULT_SCHEMA_VERSION + 1 }));
    expect(e.code).toBe('E_RESULT_READ');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`version ${RESULT_SCHEMA_VERSION + 1}`);
  });

  it('refuses what is not a result, saying which field is wrong', () => {
    expect(refusal([1, 2]).message).toMatch(/not a result file/);
    expect(refusal(minimal({ tool: { name: 'k6', version: '1' } })).message).toMatch(/tool\.name/);
    expect(refusal(minimal({ cells: [{ id: 'x' }] })).message).toMatch(/cells\.0\.model/);
  });

  it('says which file is unreadable or not JSON', async () => {
    await expect(readResult(path.join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*missing\.json: ENOENT/);
    const file = path.join(dir, 'cut.json');
    await writeFile(file, '{"schemaVersion": 1, "cells": [');
    await expect(readResult(file)).rejects.toThrow(/cut\.json: not JSON/);
  });

  it('upgrades a version-1 result: matched becomes a state, and a vacuous match is no longer called reconciled', () => {
    const v1 = (reconciliation: Record<string, unknown>) => minimal({ schemaVersion: 1, cells: [{ id: 'c', model: 'legacy', policy: 'round-robin', replicas: 3, status: 'completed', reconciliation }] });
    const states = [
      { matched: true, clientTotal: 10, serverTotal: 10, mismatches: [] },
      { matched: true, clientTotal: 0, serverTotal: 0, mismatches: [] },
      { matched: false, clientTotal: 10, serverTotal: 9, mismatches: [{}] },
    ].map((r) => parseResult(v1(r), 'v1.json').cells[0]?.reconciliation);
    expect(states.map((r) => r?.state)).toEqual(['reconciled', 'not-reconciled', 'mismatch']);
    expect(states[1]?.reasons[0]).toMatch(/no replica counts/);
    expect(states[0]).not.toHaveProperty('matched');
    expect(parseResult(v1({ matched: true, clientTotal: 1, serverTotal: 1 }), 'v1.json').schemaVersion).toBe(RESULT_SCHEMA_VERSION);
  });

  it('upgrades version-1 CPU per request into the cost block, deriving per session the way version 2 does', () => {
    const v1 = minimal({
      schemaVersion: 1,
      cells: [
        {
          id: 'c', model: 'legacy', policy: 'sticky-session-id', replicas: 2, status: 'completed',
          load: { actualMeasuredMs: 10_000 },
          metrics: { measuredRequests: 900, sessions: { started: 100 } },
          balancer: { implementation: 'haproxy', cpuUs: 180_000, cpuUsPerRequest: 200 },
          replicaReports: [{ id: 'r1', cpuUs: 900_000, measuredWindowRequests: 450, cpuUsPerRequest: 2000 }, { id: 'r2', cpuUs: 900_000, measuredWindowRequests: 450, cpuUsPerRequest: 2000 }],
        },
      ],
    });
    const c = parseResult(v1, 'v1.json').cells[0]!;
    expect(c.cost?.replicas).toMatchObject({ cpuUs: 1_800_000, usPerRequest: 2000, usPerSession: 18_000, usPerCall: undefined, cores: 0.18 });
    expect(c.cost?.balancer.usPerRequest).toBe(200);
    expect(c.replicaReports?.[0]).not.toHaveProperty('cpuUsPerRequest');
    expect(c.balancer).not.toHaveProperty('cpuUs');
  });
});
