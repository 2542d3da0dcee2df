import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statelessCall } from '../balancers/testing/mcp-traffic.js';
import type { ServersSpec } from '../config/resolved-scenario.js';
import { faultReplica } from '../faults/replica-faults.js';
import { waitFor } from '../proc/wait-for.js';
import type { StartedTopology } from './platform.js';
import { ProcessPlatform } from './process-platform.js';

const servers: ServersSpec = { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 300_000 }, readinessTimeoutMs: 15_000 };

describe('replica capabilities on platform process', () => {
  let workDir: string;
  let topology: StartedTopology;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-caps-'));
    topology = await new ProcessPlatform().start({ runId: `caps-${process.pid}`, cellId: 'stateless.round-robin.r2', model: 'stateless', replicas: 2, policy: 'round-robin', balancer: 'builtin', servers, workDir });
  });
  afterAll(async () => {
    await topology?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const calls = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(String((await statelessCall(topology.balancer.url, 'echo', { text: 'x' })).replica));
    return ids;
  };
  const callCount = async (i: number): Promise<number> => (await topology.replicas[i]!.stats()).counts['tools/call']?.['200'] ?? 0;

  it('a graceful restart keeps the first incarnation\'s counts (its final report) and comes back on the same port', async () => {
    await calls(4);
    const r1 = topology.replicas[0]!;
    const before = await callCount(0);
    expect(before).toBe(2);
    const url = r1.url;
    const pid = r1.pid;
    await faultReplica(topology, 'r1', 'restart', { graceMs: 1000 });
    expect([r1.url, r1.pid === pid]).toEqual([url, false]);
    expect(r1.incarnations().map((i) => [i.end, i.counts])).toEqual([['restarted', 'final'], [undefined, 'live']]);
    expect(await callCount(0)).toBe(2);
    // The balancer reaches the new incarnation at the address it knows.
    await waitFor(async () => (await calls(2)).includes('r1') || undefined, { timeoutMs: 5000, intervalMs: 50, what: 'r1 serving again' });
    expect(await callCount(0)).toBeGreaterThan(2);
  });

  it('a kill banks the last read counts and says so; CPU stays cumulative across incarnations', async () => {
    const r2 = topology.replicas[1]!;
    const seen = await callCount(1);
    const cpu = r2.cpuMicros() ?? 0;
    expect(cpu).toBeGreaterThan(0);
    await faultReplica(topology, 'r2', 'kill');
    expect(r2.pid).toBe(0);
    expect(await callCount(1)).toBe(seen);
    expect(r2.incarnations()[0]).toMatchObject({ end: 'killed', counts: 'last-read' });
    await faultReplica(topology, 'r2', 'start');
    expect(r2.cpuMicros()).toBeGreaterThanOrEqual(cpu);
    await waitFor(async () => (await calls(2)).includes('r2') || undefined, { timeoutMs: 5000, intervalMs: 50, what: 'r2 serving again' });
    expect(await callCount(1)).toBeGreaterThan(seen);
  });

  it('pause freezes a replica until resume', async () => {
    const r1 = topology.replicas[0]!;
    await faultReplica(topology, 'r1', 'pause');
    const stalled = r1.stats().then(() => 'answered');
    const race = await Promise.race([stalled, new Promise((resolve) => setTimeout(resolve, 300, 'frozen'))]);
    expect(race).toBe('frozen');
    await faultReplica(topology, 'r1', 'resume');
    expect(await stalled).toBe('answered');
  });

  it('an external deployment has no lifecycle capabilities: the fault is refused with the reason', async () => {
    await expect(faultReplica({ platform: 'external', replicas: [{ ...topology.replicas[0]!, kill: undefined }] }, 'r1', 'kill')).rejects.toThrow(/cannot kill on platform external/);
  });
});
