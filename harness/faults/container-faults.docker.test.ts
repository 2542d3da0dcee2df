import { describe, expect, it } from 'vitest';
import { dockerClient } from '../platform/docker-client.js';
import { probeNetem } from '../platform/container-netem.js';
import { runFilters } from '../platform/docker-sweep.js';
import { requireDocker } from '../testing/docker-requirements.js';
import { cellOf, faultOf, runFaultScenario } from './testing/run-fault-scenario.js';
import type { RunResult } from '../results/result-types.js';

const docker = await requireDocker(['replica', 'haproxy']);

// Legacy sessions pinned by session id and stateless calls, 3 replica containers behind HAProxy's.
const TOPOLOGY = `platform: docker
balancer: { implementation: haproxy, redispatch: true, healthCheck: { interval: 500ms, fall: 2, rise: 1 } }
matrix:
  model: [legacy, stateless]
  policy: [sticky-session-id, round-robin]
  replicas: 3
  exclude:
    - { model: legacy, policy: round-robin }
    - { model: stateless, policy: sticky-session-id }
workload: { callsPerSession: 10, thinkTime: 200ms }
client: { timeout: 5s }`;
const STICKY = 'legacy.sticky-session-id.r3';
const STATELESS = 'stateless.round-robin.r3';

async function run(text: string): Promise<RunResult> {
  const r = await runFaultScenario(text);
  const d = (await dockerClient()).container.dockerode;
  expect((await d.listContainers({ all: true, filters: runFilters(r.runId) })).length).toBe(0);
  return r;
}

describe.skipIf(docker.skip)(`container faults on platform docker ${docker.reason}`, () => {
  it('docker kill, pause and stop/start: losses attributed to each, the replicas back as new incarnations', async () => {
    const r = await run(`name: container-faults
${TOPOLOGY}
load: { executor: constant-arrival-rate, rate: 8, duration: 15s, warmup: 1s }
faults:
  - { kind: replica-crash, at: 3s, replicas: r2, duration: 1s }
  - { kind: replica-hang, at: 7s, replicas: r3, duration: 1s }
  - { kind: replica-restart, at: 10s, replicas: r1, grace: 2s }`);
    const sticky = cellOf(r, STICKY);
    const crash = faultOf(sticky, 0);
    expect(crash.target).toBe('r2');
    expect(crash.sessionsOnTarget).toBeGreaterThan(0);
    expect(crash.sessionsOnTarget! / crash.sessionsOpen!).toBeLessThan(0.6);
    expect(crash.impact!.failedByClass['404'] ?? 0).toBeGreaterThan(0);
    expect(sticky.replicaReports!.find((x) => x.id === 'r2')!.incarnations?.map((i) => i.end)).toEqual(['killed', undefined]);

    const stateless = cellOf(r, STATELESS);
    const [sCrash, hang, restart] = [faultOf(stateless, 0), faultOf(stateless, 1), faultOf(stateless, 2)];
    expect(sCrash.impact!.failedByClass['404'] ?? 0).toBe(0);
    expect(sCrash.impact!.failedRequests).toBeLessThanOrEqual(8);
    expect(hang.recoveredAtMs! - hang.startedAtMs!).toBeGreaterThanOrEqual(1_000);
    expect(hang.impact!.p99Us.during).toBeGreaterThan(500_000);
    // docker stop (SIGTERM, grace) banked r1's own final counts; docker start made its second incarnation.
    expect(restart.recoveredAtMs).toBeGreaterThan(restart.startedAtMs!);
    expect(stateless.replicaReports!.find((x) => x.id === 'r1')!.incarnations?.map((i) => [i.end, i.counts])).toEqual([['restarted', 'final'], [undefined, 'live']]);
    const stickyRestart = faultOf(sticky, 2);
    expect(stickyRestart.sessionsOnTarget).toBeGreaterThan(0);
    expect(stickyRestart.impact!.failedByClass['404'] ?? 0).toBeGreaterThan(0);
  }, 240_000);

  it('tc netem on one replica: its answers slow down, or the cell is refused before any load with the reason', async () => {
    const unavailable = await probeNetem();
    const r = await run(`name: container-network
platform: docker
balancer: haproxy
matrix: { model: stateless, policy: round-robin, replicas: 3 }
workload: { callsPerSession: 10, thinkTime: 200ms }
client: { timeout: 5s }
load: { executor: constant-arrival-rate, rate: 8, duration: 7s, warmup: 1s }
faults: [{ kind: network, at: 3s, replicas: r1, duration: 2s, delay: 300ms }]`);
    const c = cellOf(r, STATELESS);
    if (unavailable) {
      // This machine's kernel has no sch_netem (seen on a Firecracker VM): preflight says so, nothing is measured.
      expect(c.status).toBe('failed');
      expect(c.error?.message).toContain(`network: ${unavailable}`);
      expect(c.metrics).toBeUndefined();
      return;
    }
    const net = faultOf(c);
    expect(net.mechanism).toMatch(/netem/);
    // Every answer from r1 waits 300 ms more: a third of the calls, so p99 during ≥ 300 ms.
    expect(net.impact!.p99Us.during).toBeGreaterThan(300_000);
    expect(net.impact!.p99Us.before!).toBeLessThan(net.impact!.p99Us.during!);
  }, 240_000);

  it('a rolling restart of the containers, one at a time', async () => {
    const r = await run(`name: container-rolling
${TOPOLOGY}
load: { executor: constant-arrival-rate, rate: 8, duration: 12s, warmup: 1s }
faults: [{ kind: rolling-restart, at: 3s, grace: 2s }]`);
    const f = faultOf(cellOf(r, STICKY));
    expect(f.steps?.map((s) => s.target)).toEqual(['r1', 'r2', 'r3']);
    for (const [i, s] of f.steps!.entries()) if (i > 0) expect(s.startedAtMs).toBeGreaterThanOrEqual(f.steps![i - 1]!.servingAtMs!);
    expect(f.impact!.failedByClass['404'] ?? 0).toBeGreaterThan(0);
    const stateless = cellOf(r, STATELESS);
    expect(faultOf(stateless).impact!.failedByClass['404'] ?? 0).toBe(0);
    for (const rep of stateless.replicaReports!) expect(rep.incarnations?.[0]?.end, rep.id).toBe('restarted');
  }, 240_000);
});
