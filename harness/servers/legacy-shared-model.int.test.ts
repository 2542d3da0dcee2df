import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StartedRedis } from '../platform/redis-process.js';
import { waitFor } from '../proc/wait-for.js';
import { REDIS_SERVER_PATHS, requireTool } from '../testing/requirements.js';
import { NOTIFY_LOGGER } from './notify-tool.js';
import { MCP_PATH } from './replica-contract.js';
import type { ReplicaFixture } from './replica-fixture.js';
import { fetchStats, onlyMessage, postMcp, rawMcp } from './replica-test-client.js';
import { initializeSession, legacyCall, openGetStream, sessionHeaders, startReplica, startTestRedis } from './testing/state-fixtures.js';

const redisTool = requireTool('redis-server', REDIS_SERVER_PATHS);
const SESSION_NOT_FOUND = { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null };

const isNotifyMessage = (m: unknown): boolean => (m as { method?: string }).method === 'notifications/message';

describe.skipIf(redisTool.skip)(`legacy sessions in a shared Redis store${redisTool.skip ? ` (${redisTool.reason})` : ''}`, () => {
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
  const start = async (id: string, store = 'redis'): Promise<ReplicaFixture> => {
    const replica = await startReplica(id, 'legacy', ['--session-store', store, '--redis-url', redis.url]);
    replicas.push(replica);
    return replica;
  };

  it('serves every request of a session initialized on A from B (initialized, GET, calls, DELETE), carries notify from A to B, then both answer 404', async () => {
    const a = await start('ra');
    const b = await start('rb');
    const sessionId = await initializeSession(a.baseUrl);

    const initialized = await postMcp(b.baseUrl, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionHeaders(sessionId));
    expect(initialized.status).toBe(202);
    expect(initialized.headers['x-replica-id']).toBe('rb');

    const stream = await openGetStream(b.baseUrl, sessionId);
    expect(stream.status).toBe(200);
    expect(stream.replicaId).toBe('rb');

    const echo = await legacyCall(b.baseUrl, sessionId, 2, 'echo', { text: 'served by B' });
    expect(echo.status).toBe(200);
    expect(echo.headers['mcp-session-id']).toBe(sessionId);
    expect(onlyMessage(echo)).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'served by B' }] } });

    // notify runs on A; the GET stream it must reach is held by B.
    const notify = await legacyCall(a.baseUrl, sessionId, 3, 'notify', { text: 'hello from A' });
    expect(onlyMessage(notify)).toMatchObject({ id: 3, result: { structuredContent: { delivered: 1 } } });
    expect(await stream.next(isNotifyMessage)).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/message',
      params: { level: 'info', logger: NOTIFY_LOGGER, data: { text: 'hello from A', fromReplica: 'ra' } },
    });

    const deleted = await rawMcp(b.baseUrl, 'DELETE', sessionHeaders(sessionId));
    expect(deleted.status).toBe(200);
    await stream.ended;
    for (const [replica, id] of [[a, 4], [b, 5]] as const) {
      const after = await legacyCall(replica.baseUrl, sessionId, id, 'echo', { text: 'gone?' });
      expect(after.status).toBe(404);
      expect(JSON.parse(after.text)).toEqual(SESSION_NOT_FOUND);
    }

    // Exactly what was sent, and the store ops each request cost (see docs/state-strategies.md).
    const statsA = await fetchStats(a.baseUrl);
    expect(statsA.counts).toEqual({ initialize: { '200': 1 }, 'tools/call': { '200': 1, '404': 1 } });
    expect(statsA.state).toEqual({ sessionsMinted: 1, sessionsRehydrated: 0, sessionsDeleted: 0, sessionsNotFound: 1, notificationsPublished: 1, notificationsDelivered: 0 });
    // create; touch + publish for notify; a touch that found the session gone
    expect(statsA.store).toMatchObject({ backend: 'redis', ops: 4, roundTrips: 4, errors: 0, unavailableResponses: 0, connected: true });
    // B: load + mark for initialized; touch + subscribe for GET; touch for echo; delete+announce;
    // unsubscribe when its stream ended; a load that found nothing.
    const statsB = await waitFor(async () => {
      const s = await fetchStats(b.baseUrl);
      return s.store?.ops === 8 ? s : undefined;
    }, { timeoutMs: 5000, what: "B's unsubscribe after its GET stream ended" });
    expect(statsB.counts).toEqual({ 'notifications/initialized': { '202': 1 }, GET: { '200': 1 }, 'tools/call': { '200': 1, '404': 1 }, DELETE: { '200': 1 } });
    expect(statsB.state).toEqual({ sessionsMinted: 0, sessionsRehydrated: 1, sessionsDeleted: 1, sessionsNotFound: 1, notificationsPublished: 0, notificationsDelivered: 1 });
    expect(statsB.store).toMatchObject({ ops: 8, errors: 0 });
    expect(statsB.sessions).toEqual({ created: 1, closed: 1, active: 0 });
  });

  it('a DELETE on one replica ends the GET stream another replica holds (through the session channel)', async () => {
    const a = await start('da');
    const b = await start('db');
    const sessionId = await initializeSession(a.baseUrl);
    const stream = await openGetStream(b.baseUrl, sessionId);
    expect(stream.status).toBe(200);
    expect((await rawMcp(a.baseUrl, 'DELETE', sessionHeaders(sessionId))).status).toBe(200);
    await stream.ended;
    expect((await legacyCall(b.baseUrl, sessionId, 2, 'echo', { text: 'x' })).status).toBe(404);
    const statsB = await waitFor(async () => {
      const s = await fetchStats(b.baseUrl);
      return s.store?.ops === 4 ? s : undefined; // load + subscribe for GET, unsubscribe, a load that found nothing
    }, { timeoutMs: 5000, what: "B's unsubscribe" });
    expect(statsB.sessions).toEqual({ created: 1, closed: 1, active: 0 });
    expect((await fetchStats(a.baseUrl)).state).toMatchObject({ sessionsMinted: 1, sessionsDeleted: 1 });
  });

  it('lets the official v1 client run a whole session while every request goes to the next replica', async () => {
    const pool = [await start('r1'), await start('r2'), await start('r3')];
    let turn = 0;
    const servedBy: string[] = [];
    // A client-side round-robin "balancer": each HTTP request to the next replica.
    const roundRobin = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const target = new URL(pool[turn++ % pool.length]!.baseUrl + MCP_PATH);
      const response = await fetch(target, init);
      servedBy.push(response.headers.get('x-replica-id') ?? '?');
      void input;
      return response;
    };
    const client = new Client({ name: 'rr-client', version: '1' });
    const notifications: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void notifications.push(n.params));
    const transport = new StreamableHTTPClientTransport(new URL('http://balancer.invalid/mcp'), { fetch: roundRobin });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'work', 'sleep', 'notify']);
    for (let i = 0; i < 3; i++) {
      expect((await client.callTool({ name: 'echo', arguments: { text: `call ${i}` } })).content).toEqual([{ type: 'text', text: `call ${i}` }]);
    }
    // The client opens its GET stream in the background; notify once it is held somewhere.
    await waitFor(async () => (await Promise.all(pool.map((r) => fetchStats(r.baseUrl)))).some((s) => s.counts['GET']?.['200'] === 1), { timeoutMs: 5000, what: 'the GET stream' });
    const result = await client.callTool({ name: 'notify', arguments: { text: 'across the pool' } });
    expect(result.structuredContent).toEqual({ delivered: 1 });
    await waitFor(() => notifications.length === 1, { timeoutMs: 5000, what: 'the notification on the GET stream' });
    expect(notifications[0]).toMatchObject({ logger: NOTIFY_LOGGER, data: { text: 'across the pool' } });
    await transport.terminateSession();
    await client.close();

    expect(new Set(servedBy).size).toBe(3);
    const stats = await Promise.all(pool.map((r) => fetchStats(r.baseUrl)));
    const statuses = stats.flatMap((s) => Object.values(s.counts).flatMap((byStatus) => Object.keys(byStatus)));
    expect(statuses.every((status) => status === '200' || status === '202')).toBe(true);
    expect(stats.reduce((n, s) => n + (s.state?.['sessionsMinted'] ?? 0), 0)).toBe(1);
    expect(stats.reduce((n, s) => n + (s.state?.['sessionsDeleted'] ?? 0), 0)).toBe(1);
  });

  it('with the memory store: notify reaches only a stream on the same replica, and another replica answers 404', async () => {
    const a = await start('ma', 'memory');
    const b = await start('mb', 'memory');
    const sessionId = await initializeSession(a.baseUrl);
    const none = await legacyCall(a.baseUrl, sessionId, 2, 'notify', { text: 'nobody listens' });
    expect(onlyMessage(none)).toMatchObject({ result: { structuredContent: { delivered: 0 } } });
    const stream = await openGetStream(a.baseUrl, sessionId);
    const one = await legacyCall(a.baseUrl, sessionId, 3, 'notify', { text: 'local' });
    expect(onlyMessage(one)).toMatchObject({ result: { structuredContent: { delivered: 1 } } });
    expect(await stream.next(isNotifyMessage)).toMatchObject({ params: { data: { text: 'local', fromReplica: 'ma' } } });
    const elsewhere = await legacyCall(b.baseUrl, sessionId, 4, 'echo', { text: 'x' });
    expect(elsewhere.status).toBe(404);
    stream.close();
    const stats = await fetchStats(a.baseUrl);
    expect(stats.state).toEqual({ notificationsPublished: 2, notificationsDelivered: 1 });
    expect(stats.store).toBeUndefined();
  });
});
