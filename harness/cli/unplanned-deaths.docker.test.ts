import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerEndpoint, listContainers } from '../platform/docker-engine-api.js';
import { LABEL_OWNER_PID, LABEL_ROLE } from '../platform/docker-labels.js';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { waitFor } from '../proc/wait-for.js';
import type { RunResult } from '../results/result-types.js';
import { requireDocker } from '../testing/docker-requirements.js';
import { request } from 'undici';

const docker = await requireDocker(['replica', 'haproxy']);

const scenario = (model: string, policy: string) => `
name: container-deaths
platform: docker
matrix: { model: ${model}, policy: ${policy}, replicas: 3 }
load: { executor: constant-arrival-rate, rate: 20, duration: 4s, warmup: 0.5s }
workload: { callsPerSession: 4, thinkTime: 100ms }
client: { timeout: 2s }
`;

/** SIGKILLs a container through the Engine API, as `docker kill` from another terminal would. */
async function dockerKill(id: string): Promise<void> {
  const endpoint = dockerEndpoint()!;
  const res = await request(`${endpoint.origin}/containers/${id}/kill?signal=SIGKILL`, { method: 'POST', ...(endpoint.dispatcher ? { dispatcher: endpoint.dispatcher } : {}) });
  await res.body.dump();
  if (res.statusCode >= 300) throw new Error(`docker kill ${id}: HTTP ${res.statusCode}`);
}

async function runAndKill(dir: string, name: string, yaml: string, pick: (c: { Labels: Readonly<Record<string, string>> | null; Names: readonly string[] }) => boolean): Promise<RunResult> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  const results = path.join(dir, name);
  const cmd = nodeEntry('cli/cli-entry', ['run', file, '--results-dir', results, '--no-report']);
  const cli = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: `test-${name}`, env: { NO_COLOR: '1' } });
  await cli.waitForLine((l) => (l.includes('measuring') ? l : undefined), 120_000);
  const victim = await waitFor(async () => (await listContainers(dockerEndpoint()!, { label: [`${LABEL_OWNER_PID}=${cli.pid}`] })).find(pick), { timeoutMs: 5000, what: 'the container to kill' });
  await dockerKill(victim.Id);
  const exit = await cli.exited;
  expect(exit.code).toBe(0);
  const [runId] = await readdir(results);
  return JSON.parse(await readFile(path.join(results, runId as string, 'result.json'), 'utf8')) as RunResult;
}

describe.skipIf(docker.skip)(`a container killed mid-cell from outside ${docker.reason}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-container-deaths-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('a replica container: the cell keeps its measurements, names the exit, reconciles the survivors', async () => {
    const result = await runAndKill(dir, 'replica', scenario('legacy', 'sticky-session-id'), (c) => (c.Names[0] ?? '').endsWith('-r2'));
    const c = result.cells[0]!;
    expect(c.status).toBe('completed');
    expect(c.events?.map((e) => [e.target, e.replicaId])).toEqual([['replica', 'r2']]);
    expect(c.events?.[0]?.detail).toMatch(/container exited with code 137/);
    expect(c.reconciliation?.mismatches).toEqual([]);
    expect(c.reconciliation?.incomplete.map((i) => i.replica)).toEqual(['r2']);
  });

  it('the balancer container: named, and the row is not a healthy-looking cell', async () => {
    const result = await runAndKill(dir, 'balancer', scenario('stateless', 'round-robin'), (c) => c.Labels?.[LABEL_ROLE] === 'balancer');
    const c = result.cells[0]!;
    expect(c.events?.map((e) => e.target)).toEqual(['balancer']);
    expect(c.events?.[0]?.detail).toMatch(/haproxy container exited with code 137/);
    expect(c.events![0]!.failedRequestsAfter).toBeGreaterThan(0);
    expect(c.reconciliation?.state).not.toBe('reconciled');
  });
});
