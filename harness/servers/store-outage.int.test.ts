import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedRedis } from '../platform/redis-process.js';
import { waitFor } from '../proc/wait-for.js';
import { REDIS_SERVER_PATHS, requireTool } from '../testing/requirements.js';
import type { ReplicaFixture } from './replica-fixture.js';
import { fetchStats, onlyMessage, type RawResponse } from './replica-test-client.js';
import { classifyStateFailure, STORE_UNAVAILABLE_CODE } from './state-contract.js';
import { initializeSession, legacyCall, modernCall, modernRequest, resultOf, startReplica, startTestRedis } from './testing/state-fixtures.js';

const redisTool = requireTool('redis-server', REDIS_SERVER_PATHS);
// Short, so a hung store fails requests quickly and the test stays short.
const STORE_TIMEOUT_MS = '300';

function failure(res: RawResponse): string | undefined {
  return classifyStateFailure(res.status, res.status === 503 ? JSON.parse(res.text) : onlyMessage(res));
}

describe.skipIf(redisTool.skip)(`a Redis outage is counted, never fatal, and recovered from without restarts${redisTool.skip ? ` (${redisTool.reason})` : ''}`, () => {
  let redis: StartedRedis;
  let legacyA: ReplicaFixture;
  let legacyB: ReplicaFixture;
  let stateless: ReplicaFixture;
  beforeAll(async () => {
    redis = await startTestRedis();
    const common = ['--redis-url', redis.url, '--store-timeout-ms', STORE_TIMEOUT_MS];
    [legacyA, legacyB, stateless] = await Promise.all([
      startReplica('oa', 'legacy', ['--session-store', 'redis', ...common]),
      startReplica('ob', 'legacy', ['--session-store', 'redis', ...common]),
      startReplica('os', 'stateless', ['--handle-store', 'redis', '--task-store', 'redis', ...common]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([legacyA, legacyB, stateless].map((r) => r?.process.stop()));
    await redis?.stop();
  });

  /** One request of each kind that needs the store; returns how each failed (undefined = it worked). */
  async function probeAll(sessionId: string, basketId: string, taskId: string): Promise<Array<string | undefined>> {
    const legacy = await legacyCall(legacyB.baseUrl, sessionId, 7, 'echo', { text: 'x' });
    const handle = await modernCall(stateless.baseUrl, 'add_item', { basket_id: basketId, sku: 'x' });
    const task = await modernRequest(stateless.baseUrl, 'tasks/get', { taskId }, { tasks: true });
    return [legacy, handle, task].map(failure);
  }

  it('hung store (SIGSTOP ~1 s): requests fail with store_unavailable, then everything works again with its data', async () => {
    const sessionId = await initializeSession(legacyA.baseUrl);
    const basketId = (resultOf(await modernCall(stateless.baseUrl, 'create_basket', {}))['structuredContent'] as { basket_id: string }).basket_id;
    const taskId = resultOf(await modernCall(stateless.baseUrl, 'slow_job', { ms: 100 }, { tasks: true }))['taskId'] as string;
    const before = await Promise.all([fetchStats(legacyB.baseUrl), fetchStats(stateless.baseUrl)]);

    // Frozen for as long as the probes take (each waits out the 300 ms command timeout: about 1 s),
    // not for a fixed time, so a slow machine cannot let a probe slip past the outage.
    redis.freeze();
    const during = await probeAll(sessionId, basketId, taskId);
    redis.thaw();
    expect(during).toEqual(['store_unavailable', 'store_unavailable', 'store_unavailable']);
    await redis.waitReady();

    // Same connections, same data: the session, the basket and the task all survived; the task's
    // result, due during the outage, was written by the retry once the store answered again.
    expect(await probeAll(sessionId, basketId, taskId)).toEqual([undefined, undefined, undefined]);
    const done = await waitFor(async () => {
      const r = resultOf(await modernRequest(stateless.baseUrl, 'tasks/get', { taskId }, { tasks: true }));
      return r['status'] === 'completed' ? r : undefined;
    }, { timeoutMs: 5000, what: 'the task result written after the outage' });
    expect(done['status']).toBe('completed');

    const [b, s] = await Promise.all([fetchStats(legacyB.baseUrl), fetchStats(stateless.baseUrl)]);
    expect(b.counts['tools/call']?.['503']).toBe(1);
    expect(b.store!.unavailableResponses - before[0].store!.unavailableResponses).toBe(1);
    expect(b.store!.errors - before[0].store!.errors).toBe(1);
    expect(s.store!.unavailableResponses - before[1].store!.unavailableResponses).toBe(2);
    expect(s.state?.['taskResultsLost']).toBe(0);
  });

  it('refused store (killed, restarted empty): 503s while down, reconnect on their own, old state gone, new state works', async () => {
    const sessionId = await initializeSession(legacyA.baseUrl);
    const basketId = (resultOf(await modernCall(stateless.baseUrl, 'create_basket', {}))['structuredContent'] as { basket_id: string }).basket_id;
    const taskId = resultOf(await modernCall(stateless.baseUrl, 'slow_job', { ms: 0 }, { tasks: true }))['taskId'] as string;
    const pidBefore = redis.pid;

    await redis.kill();
    const down = await legacyCall(legacyB.baseUrl, sessionId, 8, 'echo', { text: 'x' });
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('1');
    expect(JSON.parse(down.text)).toEqual({ jsonrpc: '2.0', error: { code: STORE_UNAVAILABLE_CODE, message: 'Service Unavailable: the shared session store is unreachable' }, id: null });
    expect(await probeAll(sessionId, basketId, taskId)).toEqual(['store_unavailable', 'store_unavailable', 'store_unavailable']);
    const init = await legacyCall(legacyA.baseUrl, sessionId, 9, 'echo', { text: 'x' });
    expect(init.status).toBe(503);

    await redis.restart();
    expect(redis.pid).not.toBe(pidBefore);
    await waitFor(async () => (await Promise.all([legacyA, legacyB, stateless].map((r) => fetchStats(r.baseUrl)))).every((s) => s.store?.connected === true), {
      timeoutMs: 10_000,
      what: 'every replica to reconnect to the restarted store',
    });

    // The store came back empty: earlier state is lost (and says so), new state works.
    const lostSession = await legacyCall(legacyB.baseUrl, sessionId, 10, 'echo', { text: 'x' });
    expect(lostSession.status).toBe(404);
    const lostBasket = await modernCall(stateless.baseUrl, 'add_item', { basket_id: basketId, sku: 'x' });
    expect(failure(lostBasket)).toBe('handle_not_found');
    const lostTask = await modernRequest(stateless.baseUrl, 'tasks/get', { taskId }, { tasks: true });
    expect(failure(lostTask)).toBe('task_not_found');
    const fresh = await initializeSession(legacyA.baseUrl);
    expect(resultOf(await legacyCall(legacyB.baseUrl, fresh, 11, 'echo', { text: 'after' }))['content']).toEqual([{ type: 'text', text: 'after' }]);
    expect(resultOf(await modernCall(stateless.baseUrl, 'create_basket', {}))['isError']).toBeUndefined();

    // Every store-unavailable answer was counted where it was given, and matches the 503s sent.
    const [a, b, st] = await Promise.all([legacyA, legacyB, stateless].map((r) => fetchStats(r.baseUrl)));
    expect(a!.store!.unavailableResponses).toBe(a!.counts['tools/call']?.['503']);
    expect(b!.store!.unavailableResponses).toBe(b!.counts['tools/call']?.['503']);
    expect(b!.counts['tools/call']?.['503']).toBe(3); // 1 in the hang test, 2 here
    expect(st!.store!.unavailableResponses).toBe(4);
  });
});
