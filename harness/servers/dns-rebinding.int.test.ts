import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_PATH, STATS_PATH } from './replica-contract.js';
import { startReplicaFixture, type ReplicaFixture } from './replica-fixture.js';
import { fetchStats, onlyMessage, postMcp } from './replica-test-client.js';

/** The reference replicas refuse requests whose Host or Origin is not this machine's (DNS rebinding). */
const RUN = `dns-rebinding-${process.pid}`;
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
const DISCOVER_HEADERS = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' };
const DISCOVER = {
  jsonrpc: '2.0',
  id: 1,
  method: 'server/discover',
  params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
};

describe.each([
  ['legacy', INIT, {}],
  ['stateless', DISCOVER, DISCOVER_HEADERS],
] as const)('%s replica: Host and Origin validation', (model, body, headers) => {
  let replica: ReplicaFixture;
  beforeAll(async () => {
    replica = await startReplicaFixture({ runId: RUN, args: ['--model', model, '--id', 'r1', '--allowed-hosts', 'localhost,127.0.0.1,[::1],r1'] });
  });
  afterAll(() => replica.process.stop());

  it('serves the harness’s own traffic: Host 127.0.0.1:port, localhost, its container alias, a local Origin', async () => {
    const port = replica.ready.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'r1:8080']) {
      const res = await postMcp(replica.baseUrl, body, { ...headers, host });
      expect([host, res.status]).toEqual([host, 200]);
    }
    expect((await postMcp(replica.baseUrl, body, { ...headers, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('refuses a foreign Host and a foreign Origin with 403 and a JSON-RPC error, counted like any answer', async () => {
    const before = await fetchStats(replica.baseUrl);
    const host = await postMcp(replica.baseUrl, body, { ...headers, host: 'attacker.example:80' });
    expect(host.status).toBe(403);
    expect(onlyMessage(host)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringMatching(/host/i) }, id: null });
    const origin = await postMcp(replica.baseUrl, body, { ...headers, origin: 'http://attacker.example' });
    expect(origin.status).toBe(403);
    expect(onlyMessage(origin)).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/origin/i) } });
    const after = await fetchStats(replica.baseUrl);
    expect((after.counts['POST']?.['403'] ?? 0) - (before.counts['POST']?.['403'] ?? 0)).toBe(2);
  });

  it('keeps its admin paths open to probes that send no Host (balancer health checks)', async () => {
    for (const path of [HEALTH_PATH, STATS_PATH]) {
      const res = await request(replica.baseUrl + path, { headers: { host: 'attacker.example' } });
      await res.body.dump();
      expect([path, res.statusCode]).toEqual([path, 200]);
    }
  });
});
