import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_PATH } from './replica-contract.js';
import { startReplicaFixture, type ReplicaFixture } from './replica-fixture.js';
import { fetchStats, onlyMessage, postMcp, rawMcp, type RawResponse } from './replica-test-client.js';

const PROTOCOL = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': PROTOCOL,
  'io.modelcontextprotocol/clientInfo': { name: 'int-test', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

function modernHeaders(method: string, name?: string): Record<string, string> {
  return { 'mcp-protocol-version': PROTOCOL, 'mcp-method': method, ...(name === undefined ? {} : { 'mcp-name': name }) };
}

function callTool(baseUrl: string, id: number, name: string, args: Record<string, unknown>): Promise<RawResponse> {
  return postMcp(baseUrl, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: ENVELOPE } }, modernHeaders('tools/call', name));
}

function toolResult(res: RawResponse): { text: string; resultType: unknown } {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/json');
  const message = onlyMessage(res) as { result?: { content?: Array<{ type: string; text: string }>; resultType?: unknown } };
  const content = message.result?.content;
  if (content?.length !== 1 || content[0]?.type !== 'text') throw new Error(`unexpected tool result ${JSON.stringify(message)}`);
  return { text: content[0].text, resultType: message.result?.resultType };
}

let replica: ReplicaFixture;
// Each test reads the counts it added on top of what earlier tests left.
async function countsSince(before: Awaited<ReturnType<typeof fetchStats>>['counts']): Promise<Record<string, Record<string, number>>> {
  const now = (await fetchStats(replica.baseUrl)).counts;
  const delta: Record<string, Record<string, number>> = {};
  for (const [method, statuses] of Object.entries(now)) {
    for (const [status, n] of Object.entries(statuses)) {
      const d = n - (before[method]?.[status] ?? 0);
      if (d !== 0) (delta[method] ??= {})[status] = d;
    }
  }
  return delta;
}

beforeAll(async () => {
  replica = await startReplicaFixture({ runId: `servers-int-${process.pid}`, args: ['--model', 'stateless', '--id', 'sl-1'] });
});

afterAll(async () => {
  await replica.process.stop();
});

describe('stateless replica (v2 SDK, 2026-07-28), raw HTTP', () => {
  it('serves self-contained requests, rejects malformed ones as the SDK does, and counts exactly', async () => {
    const { baseUrl, ready } = replica;
    expect(ready).toMatchObject({
      event: 'ready',
      replicaId: 'sl-1',
      model: 'stateless',
      sdk: { '@modelcontextprotocol/server': '2.4.0', '@modelcontextprotocol/node': '2.1.2' },
    });

    const echo = await callTool(baseUrl, 1, 'echo', { text: 'hello, stateless' });
    expect(toolResult(echo)).toEqual({ text: 'hello, stateless', resultType: 'complete' });
    expect(echo.headers['x-replica-id']).toBe('sl-1');
    expect(echo.headers['mcp-session-id']).toBeUndefined();
    expect(toolResult(await callTool(baseUrl, 2, 'work', { cpuUs: 1500 })).text).toBe('worked 1500us');
    expect(toolResult(await callTool(baseUrl, 3, 'sleep', { ms: 15 })).text).toBe('slept 15ms');

    const list = await postMcp(baseUrl, { jsonrpc: '2.0', id: 4, method: 'tools/list', params: { _meta: ENVELOPE } }, modernHeaders('tools/list'));
    expect(list.status).toBe(200);
    expect((onlyMessage(list) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name)).toEqual(['echo', 'work', 'sleep']);

    const noName = await postMcp(
      baseUrl,
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' }, _meta: ENVELOPE } },
      modernHeaders('tools/call'),
    );
    expect(noName.status).toBe(400);
    expect(noName.headers['x-replica-id']).toBe('sl-1');
    expect(JSON.parse(noName.text)).toMatchObject({ jsonrpc: '2.0', id: 5, error: { code: -32020 } });

    const { 'io.modelcontextprotocol/clientCapabilities': _omitted, ...envelopeWithoutCaps } = ENVELOPE;
    const noCaps = await postMcp(
      baseUrl,
      { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' }, _meta: envelopeWithoutCaps } },
      modernHeaders('tools/call', 'echo'),
    );
    expect(noCaps.status).toBe(400);
    expect(JSON.parse(noCaps.text)).toMatchObject({ id: 6, error: { code: -32602 } });

    const get = await rawMcp(baseUrl, 'GET', { accept: 'text/event-stream', 'mcp-protocol-version': PROTOCOL });
    expect(get.status).toBe(405);
    expect(get.headers['x-replica-id']).toBe('sl-1');
    expect(JSON.parse(get.text)).toMatchObject({ error: { code: -32000, message: 'Method not allowed.' } });

    const stats = await fetchStats(baseUrl);
    expect(stats.counts).toEqual({
      'tools/call': { '200': 3, '400': 2 },
      'tools/list': { '200': 1 },
      GET: { '405': 1 },
    });
    expect(stats.sessions).toBeUndefined();
    expect(stats).toMatchObject({ replicaId: 'sl-1', model: 'stateless', pid: ready.pid });
  });
});

describe('stateless replica with the official v2 client pinned to 2026-07-28', () => {
  it('discovers and calls echo without any session', async () => {
    const before = (await fetchStats(replica.baseUrl)).counts;
    const client = new Client({ name: 'int-test-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: PROTOCOL } } });
    const transport = new StreamableHTTPClientTransport(new URL(replica.baseUrl + MCP_PATH));
    await client.connect(transport);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'via the v2 client' } });
    expect(result.content).toEqual([{ type: 'text', text: 'via the v2 client' }]);
    expect(transport.sessionId).toBeUndefined();
    await client.close();
    expect(await countsSince(before)).toEqual({ 'server/discover': { '200': 1 }, 'tools/call': { '200': 1 } });
  });
});
