import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statelessCall } from '../balancers/testing/mcp-traffic.js';
import type { ServersSpec } from '../config/resolved-scenario.js';
import { createProcessCgroup } from '../proc/process-cgroup.js';
import type { StartedTopology } from './platform.js';
import { ProcessPlatform } from './process-platform.js';
import type { ReplicaProcess } from './replica-process.js';

const servers: ServersSpec = { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 300_000 }, readinessTimeoutMs: 15_000 };
const usable = createProcessCgroup(`capprobe-${process.pid}`, 'probe');
usable?.remove();

describe.skipIf(!usable)('a CPU-capped replica on platform process (cgroup v1, root)', () => {
  let workDir: string;
  let topology: StartedTopology;
  const runId = `cap-${process.pid}`;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-cap-'));
    topology = await new ProcessPlatform().start({ runId, cellId: 'stateless.round-robin.r1', model: 'stateless', replicas: 1, policy: 'round-robin', balancer: 'builtin', servers, workDir, cpuCap: { cores: 0.2, periodUs: 50_000 } });
  });
  afterAll(async () => {
    await topology?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('gets the quota and period asked for, and its throttling counters rise when it works past the quota', async () => {
    const r1 = topology.replicas[0] as ReplicaProcess;
    // A capped group sits under its own weighted top folder (see process-cgroup.ts), with the replica in it.
    const dir = path.join('/sys/fs/cgroup/cpu/mcp-lb-bench-capped', `${process.pid}-${runId}`, 'stateless.round-robin.r1.r1');
    expect(readFileSync(path.join(dir, 'cpu.cfs_period_us'), 'utf8').trim()).toBe('50000');
    expect(readFileSync(path.join(dir, 'cpu.cfs_quota_us'), 'utf8').trim()).toBe('10000');
    expect(readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').trim().split('\n')).toContain(String(r1.pid));
    expect(Number(readFileSync('/sys/fs/cgroup/cpu/mcp-lb-bench-capped/cpu.shares', 'utf8'))).toBeGreaterThanOrEqual(16 * 1024);
    const before = r1.throttling!()!;
    const cpu0 = r1.cpuMicros()!;
    const t0 = performance.now();
    // The work tool spins for 300 ms of wall time: capped at 0.2 core it gets about 60 ms of CPU.
    const reply = await statelessCall(topology.balancer.url, 'work', { cpuUs: 300_000 });
    const wallUs = (performance.now() - t0) * 1000;
    expect(reply.status).toBe(200);
    const after = r1.throttling!()!;
    expect(after.throttledPeriods - before.throttledPeriods).toBeGreaterThanOrEqual(3);
    expect(after.throttledUs).toBeGreaterThan(before.throttledUs);
    expect((r1.cpuMicros()! - cpu0) / wallUs).toBeLessThan(0.35);
  });
});

describe.skipIf(!usable)('a replica capped after it started (sizing warms replicas uncapped first)', () => {
  let workDir: string;
  let topology: StartedTopology;
  const runId = `capl-${process.pid}`;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-capl-'));
    topology = await new ProcessPlatform().start({ runId, cellId: 'stateless.round-robin.r1', model: 'stateless', replicas: 1, policy: 'round-robin', balancer: 'builtin', servers, workDir });
  });
  afterAll(async () => {
    await topology?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('runs uncapped (outside the cpu hierarchy) until setCpuCap, then is throttled like one capped from its start', async () => {
    const r1 = topology.replicas[0] as ReplicaProcess;
    expect(r1.throttling!()).toBeUndefined();
    await r1.setCpuCap!({ cores: 0.2, periodUs: 50_000 });
    const dir = path.join('/sys/fs/cgroup/cpu/mcp-lb-bench-capped', `${process.pid}-${runId}`, 'stateless.round-robin.r1.r1');
    expect(readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').trim().split('\n')).toContain(String(r1.pid));
    const before = r1.throttling!()!;
    expect(before.periods).toBeGreaterThanOrEqual(0);
    await statelessCall(topology.balancer.url, 'work', { cpuUs: 300_000 });
    expect(r1.throttling!()!.throttledPeriods - before.throttledPeriods).toBeGreaterThanOrEqual(3);
  });
});
