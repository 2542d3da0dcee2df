import { Client as V2Client, StreamableHTTPClientTransport as V2Transport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientProfileName } from '../config/resolved-scenario.js';
import { DueQueue } from '../load/due-queue.js';
import { RawHttpClient } from '../load/raw-http-client.js';
import { CellRecorder } from '../metrics/cell-recorder.js';
import { startReplicaFixture, type ReplicaFixture } from '../servers/replica-fixture.js';
import type { LogicalSession } from '../workload/logical-session.js';
import { LegacyModel } from './legacy-model.js';
import type { ProtocolModel } from './protocol-model.js';
import { runLogicalSession } from './run-logical-session.js';
import { StatelessModel } from './stateless-model.js';
import { normalized, startLoggingProxy, type LoggedRequest, type LoseSession } from './testing/logging-proxy.js';

/**
 * The client profiles against the official TypeScript SDK clients, on the wire: the same short session
 * is driven through a logging proxy by the v1 client (@modelcontextprotocol/sdk), the v2 client
 * (@modelcontextprotocol/client) pinned to 2026-07-28, and the harness's own models, and the request
 * sequences (verb, JSON-RPC method, session, the MCP headers, status) must be identical. The `spec`
 * profile has no SDK twin where it re-initializes; there it is compared with the spec's sequence.
 */
const RUN = `profiles-${process.pid}`;
let legacy: ReplicaFixture;
let stateless: ReplicaFixture;
beforeAll(async () => {
  [legacy, stateless] = await Promise.all([
    startReplicaFixture({ runId: RUN, args: ['--model', 'legacy', '--id', 'r1'] }),
    startReplicaFixture({ runId: RUN, args: ['--model', 'stateless', '--id', 'r2'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([legacy?.process.stop(), stateless?.process.stop()]);
});

const CALL = { kind: 'call-tool' as const, tool: 'echo', arguments: { text: 'x' } };
const logical = (calls: number): LogicalSession => ({ index: 0, operations: Array.from({ length: calls }, () => CALL), thinkTimesMs: Array.from({ length: calls }, () => 0), jitter: () => 1 });

async function throughProxy(upstream: string, lose: LoseSession | undefined, drive: (url: string) => Promise<void>): Promise<LoggedRequest[]> {
  const proxy = await startLoggingProxy(upstream, lose);
  try {
    await drive(proxy.url);
    // Requests a client left in flight (an SDK's unawaited GET) arrive before it returns; give the proxy its answers.
    await new Promise((resolve) => setImmediate(resolve));
    return normalized(proxy.log);
  } finally {
    await proxy.close();
  }
}

async function harness(model: ProtocolModel, calls: number, url: string): Promise<CellRecorder> {
  const { hostname, port } = new URL(url);
  const http = new RawHttpClient({ host: hostname, port: Number(port), maxConnections: 8, localAddress: undefined });
  const recorder = new CellRecorder();
  const timers = new DueQueue();
  try {
    const ctx = { http, recorder, measured: true, timeoutMs: 5_000, signal: new AbortController().signal, cookies: undefined, timers, firstSentMs: undefined };
    recorder.sessionFinished(await runLogicalSession(model, logical(calls), ctx, performance.now()), true);
    // The sdk profile's GET stream is not awaited: let it be answered before the comparison.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return recorder;
  } finally {
    timers.close();
    await http.close();
  }
}

const legacyModel = (profile: ClientProfileName) => new LegacyModel({ sseStream: true, profile });

/** One expected request: verb, method, session, status (the rest of the headers checked by `headersOf`). */
const req = (verb: string, rpc: string, session: string, status: number) => ({ verb, rpc, session, status });
const shape = (log: readonly LoggedRequest[]) => log.map((e) => req(e.verb, e.rpc, e.session, e.status));
/** The MCP headers a client sends per request kind, which must match the SDK's exactly. */
const headersOf = (log: readonly LoggedRequest[]) => log.map((e) => ({ verb: e.verb, rpc: e.rpc, version: e.version, mcpMethod: e.mcpMethod, mcpName: e.mcpName, accept: e.accept, contentType: e.contentType }));

describe('client profile sdk = the official SDK clients, request for request', () => {
  it('2025-11-25 (v1 client): initialize, initialized, the GET it does not wait for, the calls, and close() without DELETE', async () => {
    const sdk = await throughProxy(legacy.baseUrl, undefined, async (url) => {
      const client = new V1Client({ name: 'v1', version: '1' });
      await client.connect(new V1Transport(new URL(`${url}/mcp`)));
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      await client.close();
    });
    const ours = await throughProxy(legacy.baseUrl, undefined, async (url) => void (await harness(legacyModel('sdk'), 2, url)));
    expect(shape(sdk)).toEqual([req('POST', 'initialize', '-', 200), req('POST', 'notifications/initialized', 'S1', 202), req('GET', '', 'S1', 200), req('POST', 'tools/call', 'S1', 200), req('POST', 'tools/call', 'S1', 200)]);
    expect(shape(ours)).toEqual(shape(sdk));
    expect(headersOf(ours)).toEqual(headersOf(sdk));
  });

  it('a lost session: the SDK rethrows the 404 and sends its next call with the same id; so does the sdk profile (no re-initialize)', async () => {
    const errors: unknown[] = [];
    const sdk = await throughProxy(legacy.baseUrl, { after: { calls: 1 } }, async (url) => {
      const client = new V1Client({ name: 'v1', version: '1' });
      await client.connect(new V1Transport(new URL(`${url}/mcp`)));
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      for (let i = 0; i < 2; i++) await client.callTool({ name: 'echo', arguments: { text: 'x' } }).catch((e: unknown) => errors.push(e));
      await client.close();
    });
    expect(errors.map((e) => (e as { code?: number }).code)).toEqual([404, 404]);
    let recorder: CellRecorder | undefined;
    const ours = await throughProxy(legacy.baseUrl, { after: { calls: 1 } }, async (url) => void (recorder = await harness(legacyModel('sdk'), 3, url)));
    const lostCalls = [req('POST', 'tools/call', 'S1', 404), req('POST', 'tools/call', 'S1', 404)];
    expect(shape(sdk)).toEqual([req('POST', 'initialize', '-', 200), req('POST', 'notifications/initialized', 'S1', 202), req('GET', '', 'S1', 200), req('POST', 'tools/call', 'S1', 200), ...lostCalls]);
    expect(shape(ours)).toEqual(shape(sdk));
    const sessions = recorder!.snapshot().sessions;
    expect({ lost: sessions.sessionLostEvents, reinitialized: sessions.reinitialized, failed: sessions.failedByReason, leftOpen: recorder!.snapshot().flows['sessions.leftOpen'] }).toEqual({ lost: 2, reinitialized: 0, failed: { 'session-lost': 1 }, leftOpen: 1 });
  });

  it('a session lost before initialized: the SDK’s connect() fails, and so does the sdk profile’s session', async () => {
    let connectError: unknown;
    const sdk = await throughProxy(legacy.baseUrl, { after: 'initialize' }, async (url) => {
      await new V1Client({ name: 'v1', version: '1' }).connect(new V1Transport(new URL(`${url}/mcp`))).catch((e: unknown) => (connectError = e));
    });
    expect((connectError as { code?: number }).code).toBe(404);
    let recorder: CellRecorder | undefined;
    const ours = await throughProxy(legacy.baseUrl, { after: 'initialize' }, async (url) => void (recorder = await harness(legacyModel('sdk'), 2, url)));
    expect(shape(sdk)).toEqual([req('POST', 'initialize', '-', 200), req('POST', 'notifications/initialized', 'S1', 404)]);
    expect(shape(ours)).toEqual(shape(sdk));
    expect(recorder!.snapshot().sessions.failedByReason).toEqual({ 'session-lost': 1 });
  });

  it('2026-07-28 (v2 client pinned): one server/discover per connect, then self-contained calls with Mcp-Method / Mcp-Name; nothing at close', async () => {
    const sdk = await throughProxy(stateless.baseUrl, undefined, async (url) => {
      const client = new V2Client({ name: 'v2', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await client.connect(new V2Transport(new URL(`${url}/mcp`)));
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      await client.close();
    });
    const ours = await throughProxy(stateless.baseUrl, undefined, async (url) => void (await harness(new StatelessModel({ profile: 'sdk' }), 2, url)));
    expect(shape(sdk)).toEqual([req('POST', 'server/discover', '-', 200), req('POST', 'tools/call', '-', 200), req('POST', 'tools/call', '-', 200)]);
    expect(shape(ours)).toEqual(shape(sdk));
    expect(headersOf(ours)).toEqual(headersOf(sdk));
    expect(headersOf(ours)[1]).toEqual({ verb: 'POST', rpc: 'tools/call', version: '2026-07-28', mcpMethod: 'tools/call', mcpName: 'echo', accept: 'application/json, text/event-stream', contentType: 'application/json' });
  });
});

describe('client profile spec = the specification', () => {
  it('ends with DELETE and waits for its GET: what the v1 client does when told to terminateSession()', async () => {
    const sdk = await throughProxy(legacy.baseUrl, undefined, async (url) => {
      const client = new V1Client({ name: 'v1', version: '1' });
      const transport = new V1Transport(new URL(`${url}/mcp`));
      await client.connect(transport);
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      await transport.terminateSession();
      await client.close();
    });
    const ours = await throughProxy(legacy.baseUrl, undefined, async (url) => void (await harness(legacyModel('spec'), 2, url)));
    expect(shape(ours)).toEqual([req('POST', 'initialize', '-', 200), req('POST', 'notifications/initialized', 'S1', 202), req('GET', '', 'S1', 200), req('POST', 'tools/call', 'S1', 200), req('POST', 'tools/call', 'S1', 200), req('DELETE', '', 'S1', 200)]);
    expect(shape(ours)).toEqual(shape(sdk));
    expect(headersOf(ours)).toEqual(headersOf(sdk));
  });

  it('re-initializes after a lost session (the spec’s MUST, which no SDK client does) and retries the call once', async () => {
    let recorder: CellRecorder | undefined;
    const ours = await throughProxy(legacy.baseUrl, { after: { calls: 1 } }, async (url) => void (recorder = await harness(legacyModel('spec'), 3, url)));
    expect(shape(ours)).toEqual([
      req('POST', 'initialize', '-', 200),
      req('POST', 'notifications/initialized', 'S1', 202),
      req('GET', '', 'S1', 200),
      req('POST', 'tools/call', 'S1', 200),
      req('POST', 'tools/call', 'S1', 404),
      req('POST', 'initialize', '-', 200),
      req('POST', 'notifications/initialized', 'S2', 202),
      req('GET', '', 'S2', 200),
      req('POST', 'tools/call', 'S2', 200),
      req('POST', 'tools/call', 'S2', 200),
      req('DELETE', '', 'S2', 200),
    ]);
    expect(recorder!.snapshot().sessions).toMatchObject({ sessionLostEvents: 1, reinitialized: 1, recovered: 1, failed: 0 });
  });

  it('2026-07-28: no discovery round trip (a host that hands the SDK a cached discovery sends none either)', async () => {
    const ours = await throughProxy(stateless.baseUrl, undefined, async (url) => void (await harness(new StatelessModel({ profile: 'spec' }), 2, url)));
    expect(shape(ours)).toEqual([req('POST', 'tools/call', '-', 200), req('POST', 'tools/call', '-', 200)]);
  });
});
