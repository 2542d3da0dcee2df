import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../proc/wait-for.js';
import { MCP_PATH } from './replica-contract.js';
import { startReplicaFixture, type ReplicaFixture } from './replica-fixture.js';
import { fetchStats, onlyMessage, postMcp, rawMcp, type RawResponse } from './replica-test-client.js';

const PROTOCOL = '2025-11-25';
const started: ReplicaFixture[] = [];

async function startLegacy(id: string, extraArgs: string[] = []): Promise<ReplicaFixture> {
  const replica = await startReplicaFixture({ runId: `servers-int-${process.pid}`, args: ['--model', 'legacy', '--id', id, ...extraArgs] });
  started.push(replica);
  return replica;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.process.stop()));
});

const initializeBody = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'int-test', version: '1' } } };

async function initialize(baseUrl: string): Promise<string> {
  const res = await postMcp(baseUrl, initializeBody);
  expect(res.status).toBe(200);
  const sessionId = res.headers['mcp-session-id'];
  if (typeof sessionId !== 'string') throw new Error(`no session id in ${JSON.stringify(res.headers)}`);
  return sessionId;
}

function sessionHeaders(sessionId: string): Record<string, string> {
  return { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL };
}

function callTool(baseUrl: string, sessionId: string, id: number, name: string, args: Record<string, unknown>): Promise<RawResponse> {
  return postMcp(baseUrl, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }, sessionHeaders(sessionId));
}

function toolText(res: RawResponse): string {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/event-stream');
  const message = onlyMessage(res) as { result?: { content?: Array<{ type: string; text: string }> } };
  const content = message.result?.content;
  if (content?.length !== 1 || content[0]?.type !== 'text') throw new Error(`unexpected tool result ${JSON.stringify(message)}`);
  return content[0].text;
}

const SESSION_NOT_FOUND = { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null };

describe('legacy replica (v1 SDK, sessions), raw HTTP', () => {
  it('serves a whole session lifecycle and counts exactly what was sent', async () => {
    const { baseUrl, ready } = await startLegacy('leg-1');
    expect(ready).toMatchObject({ event: 'ready', replicaId: 'leg-1', model: 'legacy', host: '127.0.0.1', sdk: { '@modelcontextprotocol/sdk': '1.32.2' } });
    expect(ready.port).toBeGreaterThan(0);

    const init = await postMcp(baseUrl, initializeBody);
    expect(init.status).toBe(200);
    expect(init.headers['content-type']).toBe('text/event-stream');
    expect(init.headers['x-replica-id']).toBe('leg-1');
    const sessionId = init.headers['mcp-session-id'] as string;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(onlyMessage(init)).toMatchObject({ id: 1, result: { protocolVersion: PROTOCOL, serverInfo: { name: 'mcp-lb-bench-reference' } } });

    const initialized = await postMcp(baseUrl, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionHeaders(sessionId));
    expect(initialized.status).toBe(202);
    expect(initialized.headers['x-replica-id']).toBe('leg-1');

    // The standalone GET stream: headers arrive, the body stays open until the session ends.
    const stream = await request(baseUrl + MCP_PATH, { method: 'GET', headers: { accept: 'text/event-stream', ...sessionHeaders(sessionId) } });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['x-replica-id']).toBe('leg-1');
    let streamEnded = false;
    stream.body.on('end', () => (streamEnded = true)).on('error', () => (streamEnded = true));
    stream.body.resume();

    expect(toolText(await callTool(baseUrl, sessionId, 2, 'echo', { text: 'hello, replica' }))).toBe('hello, replica');
    expect(toolText(await callTool(baseUrl, sessionId, 3, 'work', { cpuUs: 2000 }))).toBe('worked 2000us');
    expect(toolText(await callTool(baseUrl, sessionId, 4, 'sleep', { ms: 20 }))).toBe('slept 20ms');
    const list = await postMcp(baseUrl, { jsonrpc: '2.0', id: 5, method: 'tools/list' }, sessionHeaders(sessionId));
    const tools = (onlyMessage(list) as { result: { tools: Array<{ name: string }> } }).result.tools;
    expect(tools.map((t) => t.name)).toEqual(['echo', 'work', 'sleep']);
    expect(streamEnded).toBe(false);

    const unknown = await callTool(baseUrl, 'no-such-session', 6, 'echo', { text: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/json');
    expect(unknown.headers['x-replica-id']).toBe('leg-1');
    expect(JSON.parse(unknown.text)).toEqual(SESSION_NOT_FOUND);

    const noSession = await postMcp(baseUrl, { jsonrpc: '2.0', id: 7, method: 'tools/list' });
    expect(noSession.status).toBe(400);
    expect(JSON.parse(noSession.text)).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' }, id: null });

    const deleted = await rawMcp(baseUrl, 'DELETE', sessionHeaders(sessionId));
    expect(deleted.status).toBe(200);
    expect(deleted.headers['x-replica-id']).toBe('leg-1');
    await waitFor(() => streamEnded, { timeoutMs: 5000, what: 'the GET stream to end after DELETE' });

    const afterDelete = await callTool(baseUrl, sessionId, 8, 'echo', { text: 'x' });
    expect(afterDelete.status).toBe(404);
    expect(JSON.parse(afterDelete.text)).toEqual(SESSION_NOT_FOUND);

    const stats = await fetchStats(baseUrl);
    expect(stats).toMatchObject({ replicaId: 'leg-1', model: 'legacy', pid: ready.pid });
    expect(stats.counts).toEqual({
      initialize: { '200': 1 },
      'notifications/initialized': { '202': 1 },
      GET: { '200': 1 },
      'tools/call': { '200': 3, '404': 2 },
      'tools/list': { '200': 1, '400': 1 },
      DELETE: { '200': 1 },
    });
    expect(stats.sessions).toEqual({ created: 1, closed: 1, active: 0 });
    expect(stats.memory.rssBytes).toBeGreaterThan(0);
    expect(stats.memory.heapUsedBytes).toBeGreaterThan(0);
  });

  it('answers unknown and missing session ids with 400 like the v1 example router when asked to', async () => {
    const { baseUrl } = await startLegacy('leg-400', ['--unknown-session-status', '400']);
    const expected = { jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: No valid session ID provided' }, id: null };
    const unknown = await callTool(baseUrl, 'no-such-session', 1, 'echo', { text: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toBe('application/json');
    expect(JSON.parse(unknown.text)).toEqual(expected);
    const missing = await postMcp(baseUrl, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toEqual(expected);

    const sessionId = await initialize(baseUrl);
    expect(toolText(await callTool(baseUrl, sessionId, 3, 'echo', { text: 'still works' }))).toBe('still works');
    expect((await fetchStats(baseUrl)).counts).toEqual({ 'tools/call': { '400': 1, '200': 1 }, 'tools/list': { '400': 1 }, initialize: { '200': 1 } });
  });

  it('closes idle sessions after --session-idle-timeout-ms', async () => {
    const { baseUrl } = await startLegacy('leg-idle', ['--session-idle-timeout-ms', '200']);
    const sessionId = await initialize(baseUrl);
    const stats = await waitFor(async () => {
      const s = await fetchStats(baseUrl);
      return s.sessions?.closed === 1 ? s : undefined;
    }, { timeoutMs: 5000, what: 'the idle session to be closed' });
    expect(stats.sessions).toEqual({ created: 1, closed: 1, active: 0 });
    const expired = await callTool(baseUrl, sessionId, 2, 'echo', { text: 'x' });
    expect(expired.status).toBe(404);
    expect(JSON.parse(expired.text)).toEqual(SESSION_NOT_FOUND);
  });
});

describe('legacy replica with the official v1 SDK client', () => {
  it('connects, lists and calls tools, and terminates the session', async () => {
    const { baseUrl } = await startLegacy('leg-sdk');
    const client = new Client({ name: 'int-test-v1', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(baseUrl + MCP_PATH));
    await client.connect(transport);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo', 'work', 'sleep']);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'via the v1 client' } });
    expect(result.content).toEqual([{ type: 'text', text: 'via the v1 client' }]);
    await transport.terminateSession();
    await client.close();

    // The client opens its GET stream without awaiting it; wait until the replica has counted it.
    const counts = await waitFor(async () => {
      const c = (await fetchStats(baseUrl)).counts;
      return c['GET'] ? c : undefined;
    }, { timeoutMs: 5000, what: "the v1 client's GET stream to be counted" });
    expect(counts).toEqual({
      initialize: { '200': 1 },
      'notifications/initialized': { '202': 1 },
      GET: { '200': 1 },
      'tools/list': { '200': 1 },
      'tools/call': { '200': 1 },
      DELETE: { '200': 1 },
    });
    expect((await fetchStats(baseUrl)).sessions).toEqual({ created: 1, closed: 1, active: 0 });
  });
});
