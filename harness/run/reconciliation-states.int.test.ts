import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictFindings } from '../cli/run-command.js';
import { resolveScenario } from '../config/resolve-scenario.js';
import type { Platform, StartedTopology } from '../platform/platform.js';
import { ProcessPlatform } from '../platform/process-platform.js';
import { runScenario } from './run-scenario.js';

const text = (extra: string): string => `
name: reconcile-states
balancer: builtin
matrix: { model: stateless, policy: round-robin, replicas: 2 }
load: { executor: constant-arrival-rate, rate: 10, duration: 1s, warmup: 0s }
workload: { callsPerSession: 2 }
${extra}`;

describe('reconciliation says what it could check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-reconcile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a deployment without replica counts is "not reconciled", with the reason, never a vacuous match', async () => {
    const deployed = await new ProcessPlatform().start({ runId: `deployed-${process.pid}`, cellId: 'x', model: 'stateless', replicas: 1, policy: 'round-robin', balancer: 'builtin', servers: { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 60_000 }, readinessTimeoutMs: 15_000 }, workDir: dir });
    try {
      const scenario = resolveScenario({ text: text(`platform: external\ntarget: { url: "${deployed.balancer.url}" }`), env: {}, flags: { set: [] } });
      const { result } = await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] });
      const r = result.cells[0]?.reconciliation;
      expect(r?.state).toBe('not-reconciled');
      expect(r?.reasons.join()).toMatch(/no replica counts/);
      expect(result.warnings.join('\n')).toMatch(/not reconciled/);
      // Nothing to compare is not a mismatch: --strict refuses mismatches, not deployments without counts.
      expect(strictFindings(result.cells).filter((f) => f.includes('counts differ'))).toEqual([]);
    } finally {
      await deployed.stop();
    }
  });

  it('a replica whose own counts disagree with the client marks the cell a mismatch, and --strict refuses it', async () => {
    // The replicas answer every request; their reported counts drop one tools/call 200.
    const inner = new ProcessPlatform();
    const lying: Platform = {
      name: 'process',
      async start(spec, signal): Promise<StartedTopology> {
        const t = await inner.start(spec, signal);
        const [first, ...rest] = t.replicas;
        const liar = {
          ...first!,
          incarnations: () => first!.incarnations(),
          cpuMicros: () => first!.cpuMicros(),
          rssBytes: () => first!.rssBytes(),
          async stats() {
            const s = await first!.stats();
            const calls = s.counts['tools/call'] ?? {};
            return { ...s, counts: { ...s.counts, 'tools/call': { ...calls, '200': Math.max(0, (calls['200'] ?? 0) - 1) } } };
          },
        };
        return { ...t, replicas: [liar, ...rest], stop: () => t.stop(), [Symbol.asyncDispose]: () => t.stop() };
      },
    };
    const scenario = resolveScenario({ text: text(''), env: {}, flags: { set: [] } });
    const { result } = await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'], platform: lying });
    const r = result.cells[0]?.reconciliation;
    expect(r?.state).toBe('mismatch');
    expect(r?.mismatches[0]).toMatchObject({ replica: 'r1', method: 'tools/call', status: '200' });
    expect(strictFindings(result.cells)).toContain('stateless.round-robin.r2: client and replica counts differ');
  });
});
