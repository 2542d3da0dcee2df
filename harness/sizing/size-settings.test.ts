import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { sizeSettings } from './size-settings.js';

const BASE = `
name: t
matrix: { model: stateless, policy: round-robin, replicas: [1, 2] }
load: { executor: constant-arrival-rate, rate: 20, duration: 10s }
`;
const FULL = `${BASE}slo: { callP99: 50ms }\nsizing: { cpuPerReplica: 0.3, target: 200 }\n`;

function refusal(text: string, platform?: string): HarnessError {
  try {
    sizeSettings(resolveScenario({ text, flags: { platform } }), { quick: false });
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('sizeSettings', () => {
  it('uses the normal steps, or the quick preset, and the scenario’s target unless --target gives one', () => {
    const scenario = resolveScenario({ text: FULL });
    const normal = sizeSettings(scenario, { quick: false });
    expect(normal.search).toMatchObject({ precision: 0.05, stepMs: 4000, stepWarmupMs: 1000, confirmMs: 8000 });
    expect(normal.cpuCap).toEqual({ coresPerReplica: 0.3, periodUs: 100_000 });
    expect(normal.targetPerSec).toBe(200);
    const quick = sizeSettings(scenario, { quick: true, targetPerSec: 500 });
    expect(quick.search).toMatchObject({ precision: 0.15, stepMs: 1500, stepWarmupMs: 500, confirmMs: 3000 });
    expect(quick.targetPerSec).toBe(500);
    expect(quick.stepIsolation).toMatch(/^one topology per cell/);
  });

  it('refuses a scenario without an SLO or a cap (exit 2), naming what to add', () => {
    const e = refusal(BASE);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('scenario t has no slo and no sizing section: size needs both');
    expect(e.hint).toMatch(/scenarios\/capacity\.yaml/);
    expect(refusal(`${BASE}slo: { callP99: 50ms }\n`).message).toBe('scenario t has no sizing section: size needs both');
  });

  it('refuses platform external: its replicas are not the harness’s to cap', () => {
    const text = `${FULL}platform: external\nbalancer: haproxy\ntarget: { url: http://127.0.0.1:9 }\n`;
    const e = refusal(text);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^size cannot run on platform external/);
  });
});
