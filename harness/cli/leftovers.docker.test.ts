import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerEndpoint, listContainers, listNetworks } from '../platform/docker-engine-api.js';
import { LABEL_OWNER_PID } from '../platform/docker-labels.js';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { waitFor } from '../proc/wait-for.js';
import { requireDocker } from '../testing/docker-requirements.js';

const docker = await requireDocker(['replica', 'haproxy']);

const dockerScenario = `
name: killed
platform: docker
matrix: { model: stateless, policy: round-robin, replicas: 2 }
load: { executor: constant-arrival-rate, rate: 5, duration: 60s, warmup: 0s }
`;
const processScenario = `
name: after
balancer: builtin
matrix: { model: stateless, policy: round-robin, replicas: 1 }
load: { executor: constant-arrival-rate, rate: 5, duration: 0.5s, warmup: 0s }
`;

describe.skipIf(docker.skip)(`a run after a SIGKILLed docker run ${docker.reason}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-leftovers-'));
    await writeFile(path.join(dir, 'killed.yaml'), dockerScenario);
    await writeFile(path.join(dir, 'after.yaml'), processScenario);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removes the dead run\'s containers and network and says what it removed, whatever its own platform', async () => {
    const endpoint = dockerEndpoint();
    if (!endpoint) throw new Error('docker socket expected');
    const run = (file: string, runId: string) => {
      const cmd = nodeEntry('cli/cli-entry', ['run', path.join(dir, file), '--results-dir', path.join(dir, 'results')]);
      return startProcess({ name: `mcp-lb-bench ${file}`, command: cmd.command, args: cmd.args, runId, env: { NO_COLOR: '1' } });
    };
    const killed = await run('killed.yaml', 'test-killed');
    const owned = { label: [`${LABEL_OWNER_PID}=${killed.pid}`] };
    // Kill it outright once its topology is up (load flowing): nothing of its own teardown runs.
    await killed.waitForLine((l) => (l.includes('measuring') ? l : undefined), 60_000);
    const before = await listContainers(endpoint, owned);
    expect(before.length).toBe(3); // 2 replicas + HAProxy
    killed.signal('SIGKILL');
    await killed.exited;
    expect((await listContainers(endpoint, owned)).length).toBe(3);

    const after = await run('after.yaml', 'test-after');
    const exit = await after.exited;
    expect(exit.code).toBe(0);
    expect(after.recentOutput()).toMatch(/removed 3 container\(s\) and 1 network\(s\) left by earlier runs that did not shut down/);
    await waitFor(async () => (await listContainers(endpoint, owned)).length === 0, { timeoutMs: 5000, what: 'no container of the killed run' });
    expect(await listNetworks(endpoint, owned)).toEqual([]);
  });
});
