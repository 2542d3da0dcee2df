import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StartedRedis } from '../platform/redis-process.js';
import { waitFor } from '../proc/wait-for.js';
import { REDIS_SERVER_PATHS, requireTool } from '../testing/requirements.js';
import { taskOwnerOf } from './replica-contract.js';
import type { ReplicaFixture } from './replica-fixture.js';
import { fetchStats, onlyMessage, postMcp } from './replica-test-client.js';
import { BASKET_ID_PATTERN, classifyStateFailure, TASKS_EXTENSION_ID } from './state-contract.js';
import { SLOW_JOB_FAILURE } from './tasks-extension.js';
import { envelope, MODERN_VERSION, modernCall, modernRequest, resultOf, startReplica, startTestRedis } from './testing/state-fixtures.js';

const redisTool = requireTool('redis-server', REDIS_SERVER_PATHS);

describe.skipIf(redisTool.skip)(`stateless state strategies: explicit handles and tasks${redisTool.skip ? ` (${redisTool.reason})` : ''}`, () => {
  let redis: StartedRedis;
  const replicas: ReplicaFixture[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.process.stop()));
  });
  const startPair = async (flag: '--handle-store' | '--task-store', store: 'memory' | 'redis'): Promise<[ReplicaFixture, ReplicaFixture]> => {
    const args = [flag, store, '--redis-url', redis.url];
    const pair = await Promise.all([startReplica('s1', 'stateless', args), startReplica('s2', 'stateless', args)]);
    replicas.push(...pair);
    return pair;
  };

  it('handles in replica memory: another replica does not know the basket (handle_not_found)', async () => {
    const [a, b] = await startPair('--handle-store', 'memory');
    const created = resultOf(await modernCall(a.baseUrl, 'create_basket', {}));
    const basketId = (created['structuredContent'] as { basket_id: string }).basket_id;
    expect(basketId).toMatch(BASKET_ID_PATTERN);
    expect(created['content']).toEqual([{ type: 'text', text: `created basket ${basketId}` }]);

    const lost = await modernCall(b.baseUrl, 'add_item', { basket_id: basketId, sku: 'apple' });
    expect(lost.status).toBe(200);
    expect(resultOf(lost)).toMatchObject({ isError: true, structuredContent: { error: { code: 'handle_not_found', handle: basketId } } });
    expect(classifyStateFailure(lost.status, onlyMessage(lost))).toBe('handle_not_found');
    // The owner still has it.
    expect(resultOf(await modernCall(a.baseUrl, 'add_item', { basket_id: basketId, sku: 'apple' }))['structuredContent']).toEqual({ basket_id: basketId, items: 1 });
    const [statsA, statsB] = await Promise.all([fetchStats(a.baseUrl), fetchStats(b.baseUrl)]);
    expect(statsA.state).toEqual({ basketsCreated: 1, basketItemsAdded: 1, basketsCheckedOut: 0, handleNotFound: 0 });
    expect(statsB.state).toEqual({ basketsCreated: 0, basketItemsAdded: 0, basketsCheckedOut: 0, handleNotFound: 1 });
    expect(statsA.store).toBeUndefined();
  });

  it('handles in Redis: create on A, add on B, checkout on A; then the basket is gone everywhere', async () => {
    const [a, b] = await startPair('--handle-store', 'redis');
    const basketId = (resultOf(await modernCall(a.baseUrl, 'create_basket', {}))['structuredContent'] as { basket_id: string }).basket_id;
    expect(resultOf(await modernCall(b.baseUrl, 'add_item', { basket_id: basketId, sku: 'apple' }))['structuredContent']).toEqual({ basket_id: basketId, items: 1 });
    expect(resultOf(await modernCall(a.baseUrl, 'add_item', { basket_id: basketId, sku: 'pear' }))['structuredContent']).toEqual({ basket_id: basketId, items: 2 });
    const checkout = resultOf(await modernCall(b.baseUrl, 'checkout', { basket_id: basketId }));
    expect(checkout['structuredContent']).toEqual({ basket_id: basketId, items: ['apple', 'pear'] });
    const again = await modernCall(a.baseUrl, 'checkout', { basket_id: basketId });
    expect(classifyStateFailure(again.status, onlyMessage(again))).toBe('handle_not_found');
    // A malformed id is "not found" without asking the store.
    const malformed = await modernCall(a.baseUrl, 'add_item', { basket_id: 'bsk_guess', sku: 'x' });
    expect(classifyStateFailure(malformed.status, onlyMessage(malformed))).toBe('handle_not_found');

    const [statsA, statsB] = await Promise.all([fetchStats(a.baseUrl), fetchStats(b.baseUrl)]);
    expect(statsA.counts).toEqual({ 'tools/call': { '200': 4 } });
    expect(statsA.state).toEqual({ basketsCreated: 1, basketItemsAdded: 1, basketsCheckedOut: 0, handleNotFound: 2 });
    expect(statsA.store).toMatchObject({ ops: 3, errors: 0 }); // create, add, checkout (the malformed id costs none)
    expect(statsB.state).toEqual({ basketsCreated: 0, basketItemsAdded: 1, basketsCheckedOut: 1, handleNotFound: 0 });
    expect(statsB.store).toMatchObject({ ops: 2, errors: 0 });
  });

  it('tasks in replica memory: tasks/get on another replica is -32602 task_not_found; the owner answers', async () => {
    const [a, b] = await startPair('--task-store', 'memory');
    const created = resultOf(await modernCall(a.baseUrl, 'slow_job', { ms: 0 }, { tasks: true }));
    const taskId = created['taskId'] as string;
    expect(taskOwnerOf(taskId)).toBe('s1');
    const lost = await modernRequest(b.baseUrl, 'tasks/get', { taskId }, { tasks: true });
    expect(lost.status).toBe(200);
    expect(onlyMessage(lost)).toMatchObject({ error: { code: -32602, data: { reason: 'task_not_found', taskId } } });
    expect(classifyStateFailure(lost.status, onlyMessage(lost))).toBe('task_not_found');
    const owner = await waitFor(async () => {
      const r = resultOf(await modernRequest(a.baseUrl, 'tasks/get', { taskId }, { tasks: true }));
      return r['status'] === 'completed' ? r : undefined;
    }, { timeoutMs: 5000, what: 'the task to complete on its owner' });
    expect(owner).toMatchObject({ resultType: 'complete', taskId, result: { structuredContent: { ms: 0, ranOn: 's1' } } });
  });

  it('tasks in Redis: created on A, polled to completion on B; cancel and failure are seen everywhere', async () => {
    const [a, b] = await startPair('--task-store', 'redis');
    const created = resultOf(await modernCall(a.baseUrl, 'slow_job', { ms: 50, pollIntervalMs: 20 }, { tasks: true }));
    expect(created).toMatchObject({ resultType: 'task', status: 'working', ttlMs: 300_000, pollIntervalMs: 20 });
    expect(Date.parse(created['createdAt'] as string)).toBeGreaterThan(0);
    const taskId = created['taskId'] as string;
    // Durably created: the very next request, on another replica, finds it.
    expect(resultOf(await modernRequest(b.baseUrl, 'tasks/get', { taskId }, { tasks: true }))).toMatchObject({ resultType: 'complete', taskId, status: expect.stringMatching(/^(working|completed)$/) });
    const done = await waitFor(async () => {
      const r = resultOf(await modernRequest(b.baseUrl, 'tasks/get', { taskId }, { tasks: true }));
      return r['status'] === 'completed' ? r : undefined;
    }, { timeoutMs: 5000, intervalMs: 20, what: 'the task to complete' });
    expect(done['result']).toEqual({ content: [{ type: 'text', text: 'slow_job done after 50ms' }], structuredContent: { ms: 50, ranOn: 's1' } });
    expect(resultOf(await modernRequest(b.baseUrl, 'tasks/update', { taskId, inputResponses: {} }, { tasks: true }))).toMatchObject({ resultType: 'complete' });

    // Cancel on B a task that runs on A: cooperative, status cancelled everywhere, the job never completes it.
    const long = resultOf(await modernCall(a.baseUrl, 'slow_job', { ms: 60_000 }, { tasks: true }))['taskId'] as string;
    expect(resultOf(await modernRequest(b.baseUrl, 'tasks/cancel', { taskId: long }, { tasks: true }))).toMatchObject({ resultType: 'complete' });
    expect(resultOf(await modernRequest(a.baseUrl, 'tasks/get', { taskId: long }, { tasks: true }))).toMatchObject({ status: 'cancelled' });
    // Cancelling a finished task is acknowledged and changes nothing.
    await modernRequest(a.baseUrl, 'tasks/cancel', { taskId }, { tasks: true });
    expect(resultOf(await modernRequest(a.baseUrl, 'tasks/get', { taskId }, { tasks: true }))['status']).toBe('completed');

    const failing = resultOf(await modernCall(b.baseUrl, 'slow_job', { ms: 0, fail: true }, { tasks: true }))['taskId'] as string;
    const failed = await waitFor(async () => {
      const r = resultOf(await modernRequest(a.baseUrl, 'tasks/get', { taskId: failing }, { tasks: true }));
      return r['status'] === 'failed' ? r : undefined;
    }, { timeoutMs: 5000, what: 'the failing task' });
    expect(failed['error']).toEqual(SLOW_JOB_FAILURE);
    const unknown = await modernRequest(a.baseUrl, 'tasks/get', { taskId: 's1.AAAAAAAAAAAAAAAAAAAAAA' }, { tasks: true });
    expect(classifyStateFailure(unknown.status, onlyMessage(unknown))).toBe('task_not_found');

    const [statsA, statsB] = await Promise.all([fetchStats(a.baseUrl), fetchStats(b.baseUrl)]);
    expect(statsA.state).toMatchObject({ tasksCreated: 2, tasksCompleted: 1, tasksCancelled: 0, taskNotFound: 1, taskResultsLost: 0 });
    expect(statsB.state).toMatchObject({ tasksCreated: 1, tasksFailed: 1, tasksCancelled: 1 });
    expect(statsA.store?.errors).toBe(0);
  });

  it('follows the extension rules: inline without it, -32021 for tasks/* without it, Mcp-Name must match', async () => {
    const [a] = await startPair('--task-store', 'redis');
    const inline = resultOf(await modernCall(a.baseUrl, 'slow_job', { ms: 10 }));
    expect(inline).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'slow_job done after 10ms' }] });
    const taskId = resultOf(await modernCall(a.baseUrl, 'slow_job', { ms: 0 }, { tasks: true }))['taskId'] as string;
    const undeclared = await modernRequest(a.baseUrl, 'tasks/get', { taskId });
    expect(undeclared.status).toBe(400);
    expect(onlyMessage(undeclared)).toMatchObject({ error: { code: -32021, data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION_ID]: {} } } } } });
    // The SDK checks Mcp-Name against params.taskId (-32020) before the extension sees the request.
    const mismatch = await postMcp(
      a.baseUrl,
      { jsonrpc: '2.0', id: 9, method: 'tasks/get', params: { taskId, _meta: envelope(true) } },
      { 'mcp-protocol-version': MODERN_VERSION, 'mcp-method': 'tasks/get', 'mcp-name': 's2.AAAAAAAAAAAAAAAAAAAAAA' },
    );
    expect(mismatch.status).toBe(400);
    expect(onlyMessage(mismatch)).toMatchObject({ error: { code: -32020 } });
    const discover = resultOf(await modernRequest(a.baseUrl, 'server/discover', {}));
    expect(discover['capabilities']).toMatchObject({ extensions: { [TASKS_EXTENSION_ID]: {} } });
    const tools = (resultOf(await modernRequest(a.baseUrl, 'tools/list', {}))['tools'] as Array<{ name: string }>).map((t) => t.name);
    expect(tools).toEqual(['echo', 'work', 'sleep', 'slow_job']);
    expect((await fetchStats(a.baseUrl)).state).toMatchObject({ tasksInline: 1, tasksCreated: 1 });
  });
});
