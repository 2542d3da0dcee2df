import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerEndpoint, listContainers } from '../platform/docker-engine-api.js';
import { LABEL_OWNER_PID } from '../platform/docker-labels.js';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { labelledProcesses } from '../proc/reaper.js';
import { waitFor } from '../proc/wait-for.js';
import type { RunResult } from '../results/result-types.js';
import { requireDocker } from '../testing/docker-requirements.js';

const docker = await requireDocker(['replica', 'haproxy']);

// Two cells, each 0.8 s of warm-up and 2 s measured; long think times leave a drain of about a second.
const scenario = (platform: string) => `
name: interrupt-matrix
platform: ${platform}
balancer: ${platform === 'docker' ? 'haproxy' : 'builtin'}
matrix: { model: [stateless, legacy], policy: sticky-session-id, replicas: 2 }
load: { executor: constant-arrival-rate, rate: 10, duration: 2s, warmup: 1.5s }
workload: { callsPerSession: 3, thinkTime: 300ms, thinkTimeJitter: 0 }
client: { timeout: 5s }
`;

type Phase = 'start' | 'warm-up' | 'measuring' | 'draining' | 'between cells';
/** The progress line after which the signal goes out: what the CLI prints as it enters each phase. */
const TRIGGER: Record<Phase, RegExp> = {
  start: /^mcp-lb-bench: run /,
  'warm-up': /^ {2}warm-up /,
  measuring: /^ {2}measuring /,
  draining: /^ {2}draining /,
  'between cells': /^ {2}done: /,
};

interface Outcome {
  readonly code: number | null;
  readonly result: RunResult | undefined;
  readonly cliPid: number;
}

let calls = 0;

async function interrupt(dir: string, platform: string, phase: Phase, sig: NodeJS.Signals): Promise<Outcome> {
  const file = path.join(dir, `${platform}.yaml`);
  await writeFile(file, scenario(platform));
  // A folder per call: the SIGKILL case's second run repeats an earlier case's platform, phase and signal,
  // and reading that folder's first run would read the earlier case's result.
  const results = path.join(dir, `${platform}-${phase.replace(' ', '-')}-${sig}-${++calls}`);
  const cmd = nodeEntry('cli/cli-entry', ['run', file, '--results-dir', results, '--no-report']);
  const cli = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: `matrix-${phase}-${sig}`, env: { NO_COLOR: '1' } });
  await cli.waitForLine((l) => (TRIGGER[phase].test(l) ? l : undefined), 90_000);
  cli.signal(sig);
  const exit = await cli.exited;
  const runs = await readdir(results).catch(() => []);
  const result = runs[0] ? (JSON.parse(await readFile(path.join(results, runs[0], 'result.json'), 'utf8')) as RunResult) : undefined;
  return { code: exit.code, result, cliPid: cli.pid };
}

async function nothingLeft(cliPid: number): Promise<void> {
  await waitFor(() => labelledProcesses().every((p) => p.ownerPid !== cliPid), { timeoutMs: 5000, intervalMs: 50, what: 'every process of the interrupted run to be gone' });
  const endpoint = dockerEndpoint();
  if (endpoint) await waitFor(async () => (await listContainers(endpoint, { label: [`${LABEL_OWNER_PID}=${cliPid}`] })).length === 0, { timeoutMs: 5000, intervalMs: 100, what: 'every container of the interrupted run to be gone' });
}

/** One verdict per cell and no false warnings: only "interrupted" for the cell the signal hit. */
function expectOneVerdictEach(result: RunResult): void {
  expect(result.status).toBe('interrupted');
  for (const c of result.cells) {
    expect(['completed', 'interrupted']).toContain(c.status);
    if (c.status === 'interrupted') {
      // Sessions the harness cut short are its own doing, never failures of the servers.
      expect(c.metrics?.measuredFailedRequests ?? 0).toBe(0);
      expect(c.metrics?.sessions.failed ?? 0).toBe(0);
    }
  }
  const hit = result.cells.filter((c) => c.status === 'interrupted');
  expect(hit.length).toBeLessThanOrEqual(1);
  // The interrupted cell's only warning is that it was interrupted (saturation or counts would describe the interrupt).
  for (const c of hit) expect(result.warnings.filter((w) => w.startsWith(`${c.id}:`))).toEqual([`${c.id}: interrupted — partial numbers`]);
}

describe.skipIf(docker.skip)(`interrupts at every phase ${docker.reason}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-interrupts-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  for (const phase of ['start', 'warm-up', 'measuring', 'draining', 'between cells'] as const) {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      it(`platform process, ${sig} at ${phase}: exit ${sig === 'SIGINT' ? 130 : 143}, one verdict per cell, nothing left after 5 s`, async () => {
        const o = await interrupt(dir, 'process', phase, sig);
        expect(o.code).toBe(sig === 'SIGINT' ? 130 : 143);
        expect(o.result).toBeDefined();
        expectOneVerdictEach(o.result!);
        if (phase === 'between cells') expect(o.result!.cells[0]?.status).toBe('completed');
        if (phase === 'draining') expect(o.result!.cells.at(-1)?.status).toBe('interrupted');
        await nothingLeft(o.cliPid);
      });
    }
  }

  it('platform docker, SIGINT while measuring: exit 130, one verdict, no container left after 5 s', async () => {
    const o = await interrupt(dir, 'docker', 'measuring', 'SIGINT');
    expect(o.code).toBe(130);
    expectOneVerdictEach(o.result!);
    await nothingLeft(o.cliPid);
  });

  it('platform docker, SIGKILL while measuring, then the next run: its containers go, and it says so', async () => {
    const o = await interrupt(dir, 'docker', 'measuring', 'SIGKILL');
    expect(o.code).toBe(null);
    // Processes die with their watchdogs; containers wait for the next run.
    await waitFor(() => labelledProcesses().every((p) => p.ownerPid !== o.cliPid), { timeoutMs: 5000, intervalMs: 50, what: 'the killed run\'s processes to be gone' });
    const before = await listContainers(dockerEndpoint()!, { label: [`${LABEL_OWNER_PID}=${o.cliPid}`] });
    expect(before.length).toBeGreaterThan(0);
    const next = await interrupt(dir, 'process', 'measuring', 'SIGINT');
    expect(next.result?.warnings.join('\n')).toMatch(/removed [1-9]\d* container\(s\) and [1-9]\d* network\(s\) left by earlier runs/);
    await nothingLeft(o.cliPid);
  });
});
