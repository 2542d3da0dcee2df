import { once } from 'node:events';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../proc/wait-for.js';
import type { ReplicaModel } from './replica-model.js';
import { createReplicaHttpServer } from './replica-http.js';
import { RequestCounter } from './request-counter.js';
import { fetchStats, postMcp, rawMcp } from './replica-test-client.js';

// The front in-process with a scripted model: each JSON-RPC method name picks a behaviour, so every
// counting edge case (double writeHead, throw, silence, client abort) is exercised deterministically.
const seenBodies: unknown[] = [];
let hangingStarted: (() => void) | undefined;

const scriptedModel: ReplicaModel = {
  model: 'stateless',
  sessionStats: () => undefined,
  close: () => Promise.resolve(),
  async handle(req, res: ServerResponse, body) {
    seenBodies.push(body);
    const method = req.method === 'POST' ? (body as { method: string }).method : req.method;
    switch (method) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      case 'twice':
        res.writeHead(200);
        expect(() => res.writeHead(500)).toThrow();
        res.end();
        return;
      case 'implicit':
        res.statusCode = 202;
        res.end();
        return;
      case 'throw-before':
        throw new Error('SDK blew up');
      case 'silent':
        return;
      case 'throw-after':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: message\n');
        throw new Error('SDK blew up mid-stream');
      case 'hang':
        hangingStarted?.();
        await once(res, 'close');
        return;
      default:
        res.writeHead(204);
        res.end();
    }
  },
};

let server: Server;
let baseUrl: string;
const internalErrors: string[] = [];

beforeAll(async () => {
  const counter = new RequestCounter();
  server = createReplicaHttpServer({
    replicaId: 'unit-r1',
    model: scriptedModel,
    counter,
    stats: () => ({ replicaId: 'unit-r1', model: 'stateless', pid: process.pid, counts: counter.snapshot(), memory: { rssBytes: 0, heapUsedBytes: 0 } }),
    maxBodyBytes: 1024,
    onInternalError: (e, key) => internalErrors.push(`${key}: ${e.message}`),
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

const call = (method: string) => postMcp(baseUrl, { jsonrpc: '2.0', id: 1, method });

describe('replica HTTP front', () => {
  it('answers the admin paths itself, with X-Replica-Id, without counting them', async () => {
    const health = await request(baseUrl + '/-/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.headers['x-replica-id']).toBe('unit-r1');
    expect(await health.body.text()).toBe('ok');
    const statsRes = await request(baseUrl + '/-/stats?x=1');
    expect(statsRes.statusCode).toBe(200);
    expect(statsRes.headers['x-replica-id']).toBe('unit-r1');
    expect(((await statsRes.body.json()) as { counts: unknown }).counts).toEqual({});
  });

  it('counts each edge case exactly once and always answers with a status', async () => {
    const ok = await call('ok');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-replica-id']).toBe('unit-r1');
    expect(ok.headers['content-type']).toBe('application/json');
    expect((await call('twice')).status).toBe(200);
    expect((await call('implicit')).status).toBe(202);
    const thrown = await call('throw-before');
    expect(thrown.status).toBe(500);
    expect(thrown.headers['x-replica-id']).toBe('unit-r1');
    expect(JSON.parse(thrown.text)).toEqual({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
    expect((await call('silent')).status).toBe(500);
    await expect(call('throw-after')).rejects.toThrow();
    const unparseable = await postMcp(baseUrl, '{"jsonrpc":"2.0",');
    expect(unparseable.status).toBe(400);
    expect(JSON.parse(unparseable.text)).toMatchObject({ error: { code: -32700 } });
    const tooLarge = await postMcp(baseUrl, { jsonrpc: '2.0', id: 1, method: 'ok', params: { pad: 'x'.repeat(2000) } });
    expect(tooLarge.status).toBe(413);
    const get = await rawMcp(baseUrl, 'GET', {});
    expect(get.status).toBe(204);
    expect(get.headers['x-replica-id']).toBe('unit-r1');
    const elsewhere = await request(baseUrl + '/other', { method: 'POST', body: '{}' });
    expect(elsewhere.statusCode).toBe(404);
    await elsewhere.body.dump();

    expect((await fetchStats(baseUrl)).counts).toEqual({
      ok: { '200': 1 },
      twice: { '200': 1 },
      implicit: { '202': 1 },
      'throw-before': { '500': 1 },
      silent: { '500': 1 },
      'throw-after': { '200': 1 },
      'POST:invalid': { '400': 1, '413': 1 },
      GET: { '204': 1 },
      POST: { '404': 1 },
    });
    expect(internalErrors).toEqual([
      'throw-before: SDK blew up',
      'silent: stateless model resolved without answering POST /mcp',
      'throw-after: SDK blew up mid-stream',
    ]);
  });

  it('hands the model the parsed body once, and nothing for GET', async () => {
    seenBodies.length = 0;
    await call('ok');
    await rawMcp(baseUrl, 'GET', {});
    expect(seenBodies).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ok' }, undefined]);
  });

  it('counts a request whose client disconnects before any status as aborted', async () => {
    const started = new Promise<void>((resolve) => (hangingStarted = resolve));
    const abort = new AbortController();
    const pending = request(baseUrl + '/mcp', { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'hang' }), signal: abort.signal });
    await started;
    abort.abort();
    await expect(pending).rejects.toThrow();
    const counts = await waitFor(async () => {
      const c = (await fetchStats(baseUrl)).counts;
      return c['hang'] ? c : undefined;
    }, { timeoutMs: 5000, what: 'the aborted request to be counted' });
    expect(counts['hang']).toEqual({ aborted: 1 });
  });
});
