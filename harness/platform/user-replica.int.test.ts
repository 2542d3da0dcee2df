import { mkdtemp, rm } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LegacySession } from '../balancers/testing/mcp-traffic.js';
import type { BalancerImplName } from '../balancers/balancer.js';
import type { ServersSpec } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { readTopologyCounts } from './topology-counts.js';
import { waitFor } from '../proc/wait-for.js';
import { ProcessPlatform } from './process-platform.js';
import { EVERYTHING_COMMAND } from './testing/everything-server.js';
import { startUserReplicaProcess } from './user-replica-process.js';

const RUN = `user-replica-${process.pid}`;
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function refusal(p: Promise<unknown>): Promise<HarnessError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('replicas of your own server (command) on platform process', () => {
  it('a server that exits before it answers: E_PROCESS_EXIT at once, quoting its stderr and how to run it by hand', async () => {
    const t0 = performance.now();
    const e = await refusal(
      startUserReplicaProcess({ id: 'r1', model: 'legacy', runId: RUN, readinessTimeoutMs: 20_000, command: { argv: [process.execPath, '-e', 'console.error("cannot open config.json on port " + process.env.PORT); process.exit(3)'], env: { PORT: '{port}' }, cwd: undefined } }),
    );
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(e.code).toBe('E_PROCESS_EXIT');
    expect(e.message).toMatch(/^replica r1 \(your legacy server\) exited before it answered an MCP initialize \(exit code 3\)/);
    expect(e.details).toEqual(['its last output:', expect.stringMatching(/^cannot open config\.json on port \d+$/)]);
    expect(e.hint).toMatch(/^Run it by hand to see why: PORT=\d+ /);
  });

  it('a server that never answers MCP: E_READINESS_TIMEOUT after the deadline, with the last probe and its output', async () => {
    const e = await refusal(
      startUserReplicaProcess({ id: 'r2', model: 'stateless', runId: RUN, readinessTimeoutMs: 1_500, command: { argv: [process.execPath, '-e', 'console.log("listening nowhere"); setInterval(() => {}, 1000)'], env: { UNUSED: '{port}' }, cwd: undefined } }),
    );
    expect(e.code).toBe('E_READINESS_TIMEOUT');
    expect(e.message).toMatch(/^replica r2 \(your stateless server\) did not answer an MCP server\/discover at http:\/\/127\.0\.0\.1:\d+\/mcp within 1500 ms/);
    expect(e.details).toEqual([expect.stringMatching(/^last probe: /), 'its last output:', 'listening nowhere']);
  });

  const servers: ServersSpec = { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 300_000 }, readinessTimeoutMs: 20_000, user: { legacy: { command: EVERYTHING_COMMAND, image: undefined } } };

  it.each<BalancerImplName>(['haproxy', 'nginx', 'builtin'])('%s names the replica on every answer and counts them per replica', async (balancer) => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-user-'));
    dirs.push(workDir);
    const topology = await new ProcessPlatform().start({ runId: RUN, cellId: `legacy.${balancer}`, model: 'legacy', replicas: 2, policy: 'round-robin', balancer, servers, workDir });
    try {
      expect(topology.replicas.map((r) => [r.id, r.countsFrom, r.sdk])).toEqual([
        ['r1', 'balancer', { 'mcp-servers/everything': '2.0.0' }],
        ['r2', 'balancer', { 'mcp-servers/everything': '2.0.0' }],
      ]);
      const session = new LegacySession(topology.balancer.url, false);
      await session.initialize();
      await session.initialized();
      const replies = session.replies.map((r) => [r.status, r.replica]);
      // Round robin sends the notification to the other replica, which has never seen the session: 400 from the package's router.
      expect(replies).toEqual([
        [200, expect.stringMatching(/^r[12]$/)],
        [400, expect.stringMatching(/^r[12]$/)],
      ]);
      expect(replies[0]![1]).not.toBe(replies[1]![1]);
      const first = replies[0]![1] as string;
      const other = replies[1]![1] as string;
      const expected = {
        haproxy: { [first]: { '*': { '2xx': 1 } }, [other]: { '*': { '4xx': 1 } } },
        nginx: { [first]: { initialize: { '200': 1 } }, [other]: { 'notifications/initialized': { '400': 1 } } },
        builtin: { [first]: { POST: { '200': 1 } }, [other]: { POST: { '400': 1 } } },
      }[balancer];
      const read = async () => {
        const counts = await readTopologyCounts(topology);
        expect(counts.source.kind).toBe('balancer');
        return Object.fromEntries(topology.replicas.map((r, i) => { const s = counts.replicas[i]; return [r.id, s?.status === 'fulfilled' ? s.value.counts : s?.reason]; }));
      };
      // nginx writes its access-log line when it finalizes the request, which may be just after the client has the answer.
      await waitFor(async () => isDeepStrictEqual(await read(), expected) || undefined, { timeoutMs: 2_000, intervalMs: 20, what: 'the balancer counts' }).catch(() => undefined);
      expect(await read()).toEqual(expected);
    } finally {
      await topology.stop();
    }
  });
});
