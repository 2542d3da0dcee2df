import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LB_HEALTH_PATH } from '../balancers/balancer.js';
import { resolveScenario } from '../config/resolve-scenario.js';
import { REPLICA_CONTAINER_PORT, BALANCER_CONTAINER_PORT } from '../images/image-recipes.js';
import type { RunResult } from '../results/result-types.js';
import { dockerClient } from '../platform/docker-client.js';
import { waitFor } from '../proc/wait-for.js';
import { runScenario } from '../run/run-scenario.js';
import { HEALTH_PATH } from '../servers/replica-contract.js';
import { requireDocker } from '../testing/docker-requirements.js';
import { COMPOSE_PORT_VARIABLE, composeFileName, HEADLINE_TOPOLOGIES, type ComposeTopology } from './compose-files.js';

const docker = await requireDocker(['replica', 'haproxy']);
const COMPOSE_DIR = fileURLToPath(new URL('../../compose/', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../scenarios/compose-external.yaml', import.meta.url));
const REPLICAS = ['r1', 'r2', 'r3'];
// testcontainers treats timeout 0 as "not given" (docker-compose's 10 s default); 1 ms becomes `-t 0`.
const DOWN_NOW = { timeout: 1, removeVolumes: true };
const PROJECT_PREFIX = 'mlbtest';

/**
 * Compose projects are the user's deployments, so they carry no run labels for the harness's reaper;
 * projects an earlier, killed test process left (their names carry its pid) are removed here instead.
 */
async function removeStaleTestProjects(): Promise<void> {
  const d = (await dockerClient()).container.dockerode;
  const projectOf = (labels: Record<string, string> | undefined): string | undefined => labels?.['com.docker.compose.project'];
  const stale = (project: string | undefined): boolean => {
    const pid = Number(/^mlbtest(\d+)/.exec(project ?? '')?.[1]);
    if (!project?.startsWith(PROJECT_PREFIX) || !Number.isInteger(pid) || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  };
  const containers = (await d.listContainers({ all: true, filters: { label: ['com.docker.compose.project'] } })).filter((c) => stale(projectOf(c.Labels)));
  await Promise.all(containers.map((c) => d.getContainer(c.Id).remove({ force: true })));
  const networks = (await d.listNetworks({ filters: { label: ['com.docker.compose.project'] } })).filter((n) => stale(projectOf(n.Labels)));
  await Promise.all(networks.map((n) => d.getNetwork(n.Id).remove()));
}

/**
 * Each compose file, brought up as a user would (docker-compose v1, standalone), then driven by the
 * harness with the shipped external scenario pointed at its published port. The compose files and
 * that scenario cannot rot without this failing.
 */
describe.skipIf(docker.skip).each(HEADLINE_TOPOLOGIES)(`compose/$name driven through platform external ${docker.reason}`, (t: ComposeTopology) => {
  const project = `${PROJECT_PREFIX}${process.pid}${t.name.replace(/[^a-z]/g, '')}`;
  // docker-compose v1 names containers <project>_<service>_1, and testcontainers keys them by that full name.
  const container = (service: string): string => `${project}_${service}_1`;
  let environment: StartedDockerComposeEnvironment | undefined;
  let result: RunResult;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-compose-'));
    await removeStaleTestProjects();
    let compose = new DockerComposeEnvironment(COMPOSE_DIR, composeFileName(t))
      .withProjectName(project)
      .withClientOptions({ executable: { standalone: true } })
      // Set but empty: the balancer gets a free ephemeral port on 127.0.0.1 instead of 8080.
      .withEnvironment({ ...process.env, [COMPOSE_PORT_VARIABLE]: '' } as Record<string, string>)
      .withWaitStrategy(container('balancer'), Wait.forHttp(LB_HEALTH_PATH, BALANCER_CONTAINER_PORT).withReadTimeout(200))
      .withStartupTimeout(60_000);
    for (const id of REPLICAS) compose = compose.withWaitStrategy(container(id), Wait.forHttp(HEALTH_PATH, REPLICA_CONTAINER_PORT).withReadTimeout(200));
    environment = await compose.up();

    const url = `http://127.0.0.1:${environment.getContainer(container('balancer')).getMappedPort(BALANCER_CONTAINER_PORT)}`;
    const replicas = REPLICAS.map((id) => ({ id, statsUrl: `http://127.0.0.1:${environment!.getContainer(container(id)).getMappedPort(REPLICA_CONTAINER_PORT)}/-/stats` }));
    // HAProxy may have checked a replica before it listened; wait until it routes to all three again.
    // These requests are served before the harness reads its baseline, so reconciliation ignores them.
    await waitFor(
      async () => {
        const seen = new Set<string>();
        for (let i = 0; i < REPLICAS.length * 2; i++) {
          const res = await request(`${url}/mcp`);
          await res.body.dump();
          seen.add(String(res.headers['x-replica-id']));
        }
        return seen.size === REPLICAS.length;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'HAProxy routing to all three replicas' },
    );

    const scenario = resolveScenario({
      file: SCENARIO,
      env: {},
      flags: {
        models: t.model,
        policies: t.policy,
        duration: '2s',
        warmup: '500ms',
        rate: 30,
        set: [`target.url=${url}`, `target.replicas=${JSON.stringify(replicas)}`, 'workload.thinkTime=40ms'],
      },
    });
    result = (await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] })).result;
  }, 180_000);

  afterAll(async () => {
    await environment?.down(DOWN_NOW);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('completes the cell against the deployment, recording what ran', () => {
    expect(result.environment['harnessPlatform']).toBe('external');
    expect(result.cells.map((c) => [c.id, c.status])).toEqual([[`${t.model}.${t.policy}.r3`, 'completed']]);
    expect(result.cells[0]?.balancer?.implementation).toBe('haproxy');
  });

  it('serves the headline flow as the process and docker platforms do', () => {
    const c = result.cells[0]!;
    const m = c.metrics!;
    if (t.model === 'legacy' && t.policy === 'round-robin') {
      expect(m.http404.count / m.http404.postInitializeRequests).toBeGreaterThan(2 / 3 - 0.05);
    } else {
      expect(m.http404.count).toBe(0);
      expect(m.measuredFailedRequests).toBe(0);
      expect(m.sessions.ok).toBe(m.sessions.started);
    }
    if (t.model === 'stateless') for (const r of c.replicaReports!) expect(Math.abs(r.sharePct - 100 / 3)).toBeLessThan(5);
  });

  it("reconciles the client's counts with the replicas' stats endpoints (from a baseline at cell start)", () => {
    const c = result.cells[0]!;
    expect(c.replicaReports!.map((r) => r.id)).toEqual(REPLICAS);
    expect(c.reconciliation?.state, JSON.stringify(c.reconciliation?.mismatches)).toBe('reconciled');
    expect(c.reconciliation?.serverTotal).toBeGreaterThan(0);
  });

  it('docker-compose down leaves none of the project behind', async () => {
    await environment?.down(DOWN_NOW);
    environment = undefined;
    const d = (await dockerClient()).container.dockerode;
    const filters = { label: [`com.docker.compose.project=${project}`] };
    expect((await d.listContainers({ all: true, filters })).length).toBe(0);
    expect((await d.listNetworks({ filters })).length).toBe(0);
  });
});
