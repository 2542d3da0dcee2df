import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { faultReplica } from '../faults/replica-faults.js';
import { defaultImageNames } from '../images/image-names.js';
import { requireDocker } from '../testing/docker-requirements.js';
import type { ServersSpec } from '../config/resolved-scenario.js';
import { dockerClient } from './docker-client.js';
import { LABEL_OWNER_PID, LABEL_ROLE, LABEL_RUN_ID, runLabels, currentOwner, dockerName } from './docker-labels.js';
import { startCellNetwork } from './docker-network.js';
import { DockerPlatform } from './docker-platform.js';
import { describeLeftovers, removeLeftovers } from './leftovers.js';
import { reapDockerOrphans } from './docker-reaper.js';
import { runFilters, sweepLabelled } from './docker-sweep.js';
import { startRedisContainer } from './redis-container.js';
import { LoopbackContainer } from './loopback-container.js';
import type { StartedTopology, TopologySpec } from './platform.js';
import type { ReplicaContainer } from './replica-container.js';
import { waitFor } from '../proc/wait-for.js';
import { replicaCommandArgs } from './replica-command-args.js';
import { REPLICA_CONTAINER_PORT } from '../images/image-recipes.js';

const docker = await requireDocker(['replica', 'haproxy', 'nginx', 'redis']);
const servers: ServersSpec = { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 300_000 }, readinessTimeoutMs: 20_000 };
let workDir: string;
const runId = (what: string): string => `test-${what}-${process.pid}-${Date.now().toString(36)}`;
const spec = (id: string, over: Partial<TopologySpec> = {}): TopologySpec => ({
  runId: id,
  cellId: 'stateless.round-robin.r3',
  model: 'stateless',
  replicas: 3,
  policy: 'round-robin',
  balancer: 'auto',
  servers,
  workDir,
  ...over,
});

/** Everything the daemon holds with this run's label: what must be empty after stop. */
async function leftovers(id: string): Promise<{ containers: string[]; networks: string[] }> {
  const d = (await dockerClient()).container.dockerode;
  const filters = runFilters(id);
  const containers = (await d.listContainers({ all: true, filters })).map((c) => c.Names[0] ?? c.Id);
  const networks = (await d.listNetworks({ filters })).map((n) => n.Name);
  return { containers, networks };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-docker-'));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe.skipIf(docker.skip)(`platform docker ${docker.reason}`, () => {
  describe('a started topology', () => {
    const id = runId('topology');
    let topology: StartedTopology;
    const networkName = (): string => dockerName(id, 'stateless.round-robin.r3');
    beforeAll(async () => {
      topology = await new DockerPlatform({ images: defaultImageNames() }).start(spec(id));
    });
    afterAll(async () => {
      await topology?.stop();
    });

    it('runs 3 replicas and HAProxy; the balancer reaches every replica by name', async () => {
      expect(topology.selection.implementation).toBe('haproxy');
      expect(topology.balancer.version).toMatch(/^2\./);
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const res = await request(`${topology.balancer.url}/mcp`, { method: 'GET' });
        await res.body.dump();
        seen.add(String(res.headers['x-replica-id']));
      }
      expect([...seen].sort()).toEqual(['r1', 'r2', 'r3']);
      const stats = await Promise.all(topology.replicas.map((r) => r.stats()));
      expect(stats.map((s) => s.replicaId)).toEqual(['r1', 'r2', 'r3']);
      // Strict rotation: two of the six GETs each (whatever status a bare GET gets).
      expect(stats.map((s) => Object.values(s.counts['GET'] ?? {}).reduce((a, b) => a + b, 0))).toEqual([2, 2, 2]);
    });

    it('reports the SDK each replica runs, from its ready line', () => {
      for (const r of topology.replicas) expect(Object.keys(r.sdk)).toContain('@modelcontextprotocol/server');
    });

    it('publishes ports on 127.0.0.1 only, on one private network per cell, everything labelled with the run', async () => {
      const d = (await dockerClient()).container.dockerode;
      const containers = await d.listContainers({ all: true, filters: runFilters(id) });
      expect(containers.map((c) => c.Labels[LABEL_ROLE]).sort()).toEqual(['balancer', 'replica', 'replica', 'replica']);
      for (const c of containers) {
        expect(c.Labels[LABEL_OWNER_PID]).toBe(String(process.pid));
        for (const p of c.Ports) if (p.PublicPort) expect(p.IP).toBe('127.0.0.1');
        expect(Object.keys(c.NetworkSettings.Networks)).toEqual([networkName()]);
      }
      const networks = await d.listNetworks({ filters: runFilters(id) });
      expect(networks.map((n) => n.Name)).toEqual([networkName()]);
    });

    it('reads CPU and memory of each container from its cgroup (so CPU per request works in containers)', async () => {
      const before = topology.replicas.map((r) => r.cpuMicros());
      for (const v of before) expect(v).toBeGreaterThan(0);
      for (const r of topology.replicas) expect(r.rssBytes()).toBeGreaterThan(1_000_000);
      expect(topology.balancerCpuMicros()).toBeGreaterThan(0);
      await Promise.all(Array.from({ length: 30 }, () => request(`${topology.balancer.url}/mcp`).then((r) => r.body.dump())));
      const after = topology.replicas.map((r) => r.cpuMicros() ?? 0);
      expect(after.reduce((a, b) => a + b, 0)).toBeGreaterThan(before.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) ?? 0);
    });

    it('replica capabilities: a graceful restart keeps its counts (a new port, the handle follows); kill, start, terminate', async () => {
      const r2 = topology.replicas[1]!;
      const oldUrl = r2.url;
      await request(`${r2.url}/mcp`).then((r) => r.body.dump());
      const before = (await r2.stats()).counts;
      expect(Object.keys(before).length).toBeGreaterThan(0);
      await faultReplica(topology, 'r2', 'restart', { graceMs: 1000 });
      expect(r2.url).not.toBe(oldUrl);
      // The first incarnation reported its final counts as it shut down: they are kept, so the cell still reconciles.
      expect((await r2.stats()).counts).toEqual(before);
      expect(r2.incarnations().map((i) => [i.index, i.end, i.counts])).toEqual([[1, 'restarted', 'final'], [2, undefined, 'live']]);
      await request(`${r2.url}/mcp`).then((r) => r.body.dump());
      const withGet = (await r2.stats()).counts['GET'];
      await faultReplica(topology, 'r2', 'kill');
      expect(r2.pid).toBe(0);
      // Killed without a word: counts up to the last read, and the record says so.
      expect((await r2.stats()).counts['GET']).toEqual(withGet);
      expect(r2.incarnations()[1]).toMatchObject({ end: 'killed', counts: 'last-read' });
      await faultReplica(topology, 'r2', 'start');
      expect((await r2.stats()).replicaId).toBe('r2');
      await faultReplica(topology, 'r2', 'terminate');
      expect(r2.pid).toBe(0);
      await faultReplica(topology, 'r2', 'start');
      expect(r2.incarnations().map((i) => i.end)).toEqual(['restarted', 'killed', 'terminated', undefined]);
      const resources = await topology.containerResources!();
      expect(resources.map((c) => c.role)).toEqual(['replica r1', 'replica r2', 'replica r3', 'balancer']);
      for (const c of resources) expect(c.memoryBytes).toBeGreaterThan(0);
    });

    it('pause and resume freeze a replica container', async () => {
      const r3 = topology.replicas[2]!;
      await faultReplica(topology, 'r3', 'pause');
      await expect(request(`${r3.url}/-/healthz`, { headersTimeout: 300 }).then((r) => r.body.dump())).rejects.toThrow();
      await faultReplica(topology, 'r3', 'resume');
      const res = await request(`${r3.url}/-/healthz`);
      await res.body.dump();
      expect(res.statusCode).toBe(200);
    });

    it('stop is idempotent and leaves no container or network with the run label', async () => {
      await topology.stop();
      await topology.stop();
      expect(await leftovers(id)).toEqual({ containers: [], networks: [] });
    });
  });

  it('nginx in a container: the generated config, replicas by name, both nginx processes in the CPU', async () => {
    const id = runId('nginx');
    const topology = await new DockerPlatform({ images: defaultImageNames() }).start(spec(id, { balancer: 'nginx', cellId: 'stateless.round-robin.r3.nginx' }));
    try {
      expect(topology.balancer.impl).toBe('nginx');
      expect(topology.balancer.version).toMatch(/^1\./);
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const res = await request(`${topology.balancer.url}/mcp`);
        await res.body.dump();
        seen.add(String(res.headers['x-replica-id']));
      }
      expect([...seen].sort()).toEqual(['r1', 'r2', 'r3']);
      expect(topology.balancerCpuMicros()).toBeGreaterThan(0);
    } finally {
      await topology.stop();
    }
    expect(await leftovers(id)).toEqual({ containers: [], networks: [] });
  });

  it("HAProxy follows a replica that comes back with another address, not the container that took its old one", async () => {
    const id = runId('readdress');
    const cellId = 'stateless.round-robin.r3.readdress';
    const topology = await new DockerPlatform({ images: defaultImageNames() }).start(spec(id, { cellId }));
    const d = (await dockerClient()).container.dockerode;
    const ipOf = async (name: string): Promise<string> => Object.values((await d.getContainer(name).inspect()).NetworkSettings.Networks)[0]?.IPAddress ?? '';
    const r2 = topology.replicas[1] as ReplicaContainer;
    const r2Name = r2.containerName;
    const servedBy = async (n: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const res = await request(`${topology.balancer.url}/mcp`);
        await res.body.dump();
        ids.push(String(res.headers['x-replica-id']));
      }
      return ids;
    };
    try {
      const oldIp = await ipOf(r2Name);
      await faultReplica(topology, 'r2', 'terminate');
      // A replica that answers as "squatter" joins the network while r2 is away: Docker hands it a free
      // address, typically the one r2 just released. It answers the health check like any replica.
      const squatter = await d.createContainer({
        Image: defaultImageNames().replica,
        Cmd: replicaCommandArgs({ id: 'squatter', model: 'stateless', host: '0.0.0.0', port: REPLICA_CONTAINER_PORT, legacy: servers.legacy }),
        Labels: runLabels(id, cellId, 'replica', currentOwner(undefined)),
        HostConfig: { NetworkMode: dockerName(id, cellId) },
      });
      await squatter.start();
      await faultReplica(topology, 'r2', 'start');
      const newIp = await ipOf(r2Name);
      const squatterIp = Object.values((await squatter.inspect()).NetworkSettings.Networks)[0]?.IPAddress;
      // Without runtime resolution HAProxy would keep sending r2's share to oldIp forever.
      await waitFor(async () => (await servedBy(3)).includes('r2') || undefined, { timeoutMs: 15_000, intervalMs: 200, what: 'r2 served through the balancer again' });
      const after = await servedBy(30);
      expect(after).not.toContain('squatter');
      expect(new Set(after)).toEqual(new Set(['r1', 'r2', 'r3']));
      // Report what this run exercised: the point of the test is the address change.
      expect({ moved: newIp !== oldIp, squatterTookOldAddress: squatterIp === oldIp }).toEqual({ moved: true, squatterTookOldAddress: true });
    } finally {
      await topology.stop();
    }
    expect(await leftovers(id)).toEqual({ containers: [], networks: [] });
  });

  it('a missing image fails the cell before anything starts, with the build command', async () => {
    const id = runId('missing');
    const platform = new DockerPlatform({ images: { ...defaultImageNames(), haproxy: 'mcp-lb-bench/haproxy:no-such-version' } });
    const error = await platform.start(spec(id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_PLATFORM_UNAVAILABLE');
    expect((error as HarnessError).hint).toContain('images build --offline');
    expect(await leftovers(id)).toEqual({ containers: [], networks: [] });
  });

  it('a start that fails half-way (the balancer cannot start) removes the replicas and the network', async () => {
    const id = runId('failed');
    // An image without haproxy in it: the replicas start, then the balancer container cannot.
    const platform = new DockerPlatform({ images: { ...defaultImageNames(), haproxy: defaultImageNames().redis } });
    const error = await platform.start(spec(id, { servers: { ...servers, readinessTimeoutMs: 5_000 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toContain('haproxy balancer');
    expect(await leftovers(id)).toEqual({ containers: [], networks: [] });
  });

  it('an abort while the topology starts (Ctrl-C) leaves nothing behind', async () => {
    const id = runId('abort');
    const controller = new AbortController();
    const starting = new DockerPlatform({ images: defaultImageNames() }).start(spec(id), controller.signal);
    // Abort once the cell's network exists, i.e. in the middle of provisioning.
    await waitFor(async () => (await leftovers(id)).networks.length > 0, { timeoutMs: 20_000, intervalMs: 20, what: 'the cell network' });
    controller.abort(new Error('interrupted by SIGINT'));
    await expect(starting).rejects.toThrow('interrupted by SIGINT');
    expect(await leftovers(id)).toEqual({ containers: [], networks: [] });
  });

  it('the Redis hook: a labelled store on the cell network, reachable by alias inside and on 127.0.0.1 outside', async () => {
    const id = runId('redis');
    const owner = currentOwner(undefined);
    const network = await startCellNetwork(id, 'cell', owner);
    try {
      const redis = await startRedisContainer({ image: defaultImageNames().redis, runId: id, cellId: 'cell', owner, network, readinessTimeoutMs: 20_000 });
      expect(redis.internalUrl).toBe('redis://redis:6379');
      const url = new URL(redis.hostUrl);
      expect(url.hostname).toBe('127.0.0.1');
      const socket = connect(Number(url.port), '127.0.0.1');
      socket.write('PING\r\n');
      const [reply] = (await once(socket, 'data')) as [Buffer];
      socket.destroy();
      expect(reply.toString()).toBe('+PONG\r\n');
      expect((await leftovers(id)).containers).toHaveLength(1);
    } finally {
      await sweepLabelled(runFilters(id));
    }
    expect(await leftovers(id)).toEqual({ containers: [], networks: [] });
  });

  it('the reaper removes what a dead harness left, and leaves a live run alone', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    const deadOwner = { pid: child.pid!, startTicks: '1', host: os.hostname() };
    const dead = runId('orphan');
    const live = runId('live');
    const start = async (id: string, owner: typeof deadOwner): Promise<void> => {
      const network = await startCellNetwork(id, 'cell', owner);
      await new LoopbackContainer(defaultImageNames().redis).withLabels(runLabels(id, 'cell', 'store', owner)).withNetwork(network).start();
    };
    await start(dead, deadOwner);
    await start(live, currentOwner(undefined));
    const reaped = await reapDockerOrphans();
    expect(reaped.failures).toEqual([]);
    expect(await leftovers(dead)).toEqual({ containers: [], networks: [] });
    const alive = await leftovers(live);
    expect([alive.containers.length, alive.networks.length]).toEqual([1, 1]);
    await sweepLabelled(runFilters(live));
    expect(await leftovers(live)).toEqual({ containers: [], networks: [] });
    expect(LABEL_RUN_ID).toBe('mcp-lb-bench.run-id');
  });

  it("removeLeftovers (every run's first step) removes a crashed run's containers and network and says so", async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    const deadOwner = { pid: child.pid!, startTicks: '1', host: os.hostname() };
    const dead = runId('orphan-warned');
    const network = await startCellNetwork(dead, 'cell', deadOwner);
    await new LoopbackContainer(defaultImageNames().redis).withLabels(runLabels(dead, 'cell', 'store', deadOwner)).withNetwork(network).start();
    const removed = await removeLeftovers();
    expect(await leftovers(dead)).toEqual({ containers: [], networks: [] });
    expect(removed.docker?.networks).toContain(dockerName(dead, 'cell'));
    expect(removed.docker?.containers.length).toBeGreaterThanOrEqual(1);
    expect(describeLeftovers(removed).join('\n')).toMatch(/removed [1-9]\d* container\(s\) and [1-9]\d* network\(s\) left by earlier runs/);
  });
});
