import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { labelledProcesses } from '../proc/reaper.js';
import { waitFor } from '../proc/wait-for.js';
import type { RunResult } from '../results/result-types.js';
import { HAPROXY_PATHS, requireTool } from '../testing/requirements.js';

const haproxy = requireTool('haproxy', HAPROXY_PATHS);

const scenario = (model: string, policy: string) => `
name: deaths
balancer: haproxy
matrix: { model: ${model}, policy: ${policy}, replicas: 3 }
load: { executor: constant-arrival-rate, rate: 20, duration: 4s, warmup: 0.5s }
workload: { callsPerSession: 4, thinkTime: 100ms }
client: { timeout: 2s }
`;

/** Runs the CLI, kills one of its children mid-measurement, and returns the result it wrote. */
async function runAndKill(dir: string, name: string, yaml: string, victim: RegExp): Promise<{ code: number | null; result: RunResult; output: string }> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  const results = path.join(dir, name);
  const cmd = nodeEntry('cli/cli-entry', ['run', file, '--results-dir', results, '--no-report']);
  const cli = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: `test-${name}`, env: { NO_COLOR: '1' } });
  await cli.waitForLine((l) => (l.includes('measuring') ? l : undefined), 60_000);
  const target = await waitFor(() => labelledProcesses().find((p) => p.ownerPid === cli.pid && victim.test(p.cmdline)), { timeoutMs: 5000, what: 'the process to kill' });
  process.kill(target.pid, 'SIGKILL');
  const exit = await cli.exited;
  const [runId] = await readdir(results);
  const result = JSON.parse(await readFile(path.join(results, runId as string, 'result.json'), 'utf8')) as RunResult;
  return { code: exit.code, result, output: cli.recentOutput() };
}

describe.skipIf(haproxy.skip)(`a replica or the balancer killed mid-cell (not by the harness) ${haproxy.reason}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-deaths-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('keeps the cell\'s measurements, names the death, reconciles the survivors exactly and the dead replica up to its last read', async () => {
    const { code, result, output } = await runAndKill(dir, 'replica', scenario('legacy', 'sticky-session-id'), /replica-main.* --id r2 /);
    expect(code).toBe(0);
    const c = result.cells[0]!;
    expect(c.status).toBe('completed');
    expect(c.metrics?.sessions.started).toBeGreaterThan(0);
    expect(c.events).toHaveLength(1);
    expect(c.events?.[0]).toMatchObject({ target: 'replica', replicaId: 'r2', detail: 'killed by SIGKILL' });
    expect(c.events![0]!.atMs).toBeGreaterThan(500);
    // Legacy sessions pinned to r2 fail after it dies.
    expect(c.events![0]!.failedRequestsAfter).toBeGreaterThan(0);
    expect(c.reconciliation?.state).toBe('not-reconciled');
    expect(c.reconciliation?.mismatches).toEqual([]);
    expect(c.reconciliation?.incomplete.map((i) => i.replica)).toEqual(['r2']);
    expect(c.replicaReports?.find((r) => r.id === 'r2')?.incarnations?.[0]).toMatchObject({ end: 'exited', counts: 'last-read', detail: 'killed by SIGKILL' });
    expect(output).toMatch(/deaths\.sticky-session-id|legacy\.sticky-session-id\.r3: replica r2 died at \d+\.\d s \(killed by SIGKILL; no fault was scheduled\)/);
  });

  it('a dead balancer is named and marks the row, instead of a healthy-looking cell', async () => {
    const { code, result, output } = await runAndKill(dir, 'balancer', scenario('stateless', 'round-robin'), /^\S*haproxy /);
    expect(code).toBe(0);
    const c = result.cells[0]!;
    expect(c.events?.map((e) => [e.target, e.detail])).toEqual([['balancer', 'haproxy killed by SIGKILL']]);
    expect(c.events![0]!.failedRequestsAfter).toBeGreaterThan(0);
    expect(output).toMatch(/stateless ⚠ /);
    expect(c.reconciliation?.state).toBe('not-reconciled');
    expect(output).toMatch(/the balancer died at/);
  });

  it('a replica frozen for two seconds (SIGSTOP) is named with its own latency, not hidden in the cell\'s percentiles', async () => {
    const file = path.join(dir, 'stall.yaml');
    // A client timeout above the stall: requests the frozen replica holds complete late instead of failing.
    await writeFile(file, scenario('stateless', 'round-robin').replace('timeout: 2s', 'timeout: 6s'));
    const results = path.join(dir, 'stall');
    const cmd = nodeEntry('cli/cli-entry', ['run', file, '--results-dir', results, '--no-report']);
    const cli = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: 'test-stall', env: { NO_COLOR: '1' } });
    await cli.waitForLine((l) => (l.includes('measuring') ? l : undefined), 60_000);
    const r3 = await waitFor(() => labelledProcesses().find((p) => p.ownerPid === cli.pid && /replica-main.* --id r3 /.test(p.cmdline)), { timeoutMs: 5000, what: 'replica r3' });
    process.kill(r3.pid, 'SIGSTOP');
    // The fault itself lasts two seconds: this wait is its duration, not a wait for something to happen.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    process.kill(r3.pid, 'SIGCONT');
    const exit = await cli.exited;
    expect(exit.code).toBe(0);
    const [runId] = await readdir(results);
    const result = JSON.parse(await readFile(path.join(results, runId as string, 'result.json'), 'utf8')) as RunResult;
    const latency = result.cells[0]!.metrics!.replicaLatency;
    expect(latency['r3']!.maxUs).toBeGreaterThan(1_000_000);
    expect(latency['r1']!.p99Us).toBeLessThan(latency['r3']!.maxUs / 5);
    expect(cli.recentOutput()).toMatch(/stateless\.round-robin\.r3: replica r3 stalled — its slowest answer took \d+ ms/);
  });
});
