import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from './http-client.js';
import { RawHttpClient } from './raw-http-client.js';

/** A loopback server whose handler the test chooses; counts the TCP connections it accepted. */
async function serve(handler: http.RequestListener): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('RawHttpClient', () => {
  it('reads headers by name without building them all, and all of them when asked', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Replica-Id': 'r7', 'Set-Cookie': ['a=1', 'b=2'] });
      res.end('{"ok":true}');
    });
    const client = new RawHttpClient({ host: '127.0.0.1', port: s.port, maxConnections: 2 });
    cleanups.push(() => client.close(), s.close);
    const res = await client.send({ method: 'GET', path: '/', headers: {}, timeoutMs: 2000 });
    expect(res.header('x-replica-id')).toBe('r7');
    expect(res.header('content-type')).toBe('application/json');
    expect(res.header('mcp-session-id')).toBeUndefined();
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.body).toBe('{"ok":true}');
  });

  it('times a request out without a periodic timer', async () => {
    const s = await serve(() => undefined); // never answers
    const client = new RawHttpClient({ host: '127.0.0.1', port: s.port, maxConnections: 1 });
    cleanups.push(() => client.close(), s.close);
    const t0 = performance.now();
    const err = await client.send({ method: 'GET', path: '/', headers: {}, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).errorClass).toBe('timeout');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it('reuses a released stream\u2019s connection once the server ends the stream', async () => {
    let endStream: (() => void) | undefined;
    const s = await serve((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': open\n\n');
        endStream = () => res.end();
        return;
      }
      res.end('ok');
    });
    const client = new RawHttpClient({ host: '127.0.0.1', port: s.port, maxConnections: 1 });
    cleanups.push(() => client.close(), s.close);
    const stream = await client.openStream({ method: 'GET', path: '/sse', headers: {}, timeoutMs: 2000 });
    stream.release(5000);
    endStream?.();
    await stream.ended;
    // The one allowed connection is free again: the next request goes out on it.
    const res = await client.send({ method: 'POST', path: '/', headers: {}, body: 'x', timeoutMs: 2000 });
    expect(res.body).toBe('ok');
    expect(s.connections()).toBe(1);
  });

  it('closes a released stream that the server does not end within the grace time', async () => {
    let closed = false;
    const s = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
      req.socket.on('close', () => (closed = true));
    });
    const client = new RawHttpClient({ host: '127.0.0.1', port: s.port, maxConnections: 1 });
    cleanups.push(() => client.close(), s.close);
    const stream = await client.openStream({ method: 'GET', path: '/sse', headers: {}, timeoutMs: 2000 });
    stream.release(100);
    await stream.ended;
    await expect.poll(() => closed, { timeout: 2000 }).toBe(true);
  });
});
