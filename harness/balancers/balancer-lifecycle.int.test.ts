import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import { LB_ERROR_HEADER, LB_HEALTH_PATH } from './balancer.js';
import { BalancerFixture, balancerTargets, NO_RETRIES, pidAlive } from './testing/balancer-targets.js';
import type { FakeReplicaStream } from './testing/fake-mcp-replica.js';
import { mcpPost, openStream, send, withDeadline } from './testing/test-http.js';

/** Lifecycle, error and transparency behaviour every balancer implementation must share. */
const targets = await balancerTargets();

/** A port nothing listens on: bound by the OS, then released. */
async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const target of targets) {
  const name = target.impl.name;
  describe.skipIf(target.skipReason !== undefined)(`${name} lifecycle${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const fx = new BalancerFixture(target.impl);
    beforeAll(() => fx.setUp());
    afterAll(() => fx.tearDown());
    afterEach(() => fx.afterEach());

    /** A session on the sticky balancer with its GET stream open, and the replica's end of that stream. */
    async function openSessionStream(url: string): Promise<{ upstream: FakeReplicaStream; client: Awaited<ReturnType<typeof openStream>> }> {
      const init = await mcpPost(url, 'initialize', undefined);
      const sid = String(init.headers['mcp-session-id']);
      const owner = fx.replicas.find((r) => r.id === init.headers[REPLICA_ID_HEADER])!;
      const client = await openStream(`${url}/mcp`, { 'mcp-session-id': sid });
      await client.waitForText(': open');
      const upstream = [...owner.openStreams].find((s) => s.sessionId === sid);
      if (!upstream) throw new Error('the replica holds no stream for the session');
      return { upstream, client };
    }

    it('answers its health endpoint itself and keeps its config in the work folder', async () => {
      const lb = await fx.start('round-robin');
      const res = await send(lb.url + LB_HEALTH_PATH);
      expect(res.status).toBe(200);
      expect(res.headers[REPLICA_ID_HEADER]).toBeUndefined();
      expect(fx.replicas.map((r) => r.requests())).toEqual([0, 0, 0]);
      expect(path.basename(lb.configFile ?? '')).toBe({ haproxy: 'haproxy.cfg', nginx: 'nginx.conf', builtin: 'builtin-balancer.json' }[name]);
      expect(await readFile(lb.configFile!, 'utf8')).toContain(String(fx.replicas[0]!.port));
    });

    it('answers with its own error, without X-Replica-Id, when the replica is down', async () => {
      const lb = await fx.start('round-robin', [{ id: 'gone', host: '127.0.0.1', port: await deadPort() }], { tuning: NO_RETRIES });
      const res = await mcpPost(lb.url, 'tools/list', undefined);
      expect([502, 503]).toContain(res.status);
      expect(res.headers[REPLICA_ID_HEADER]).toBeUndefined();
      if (name === 'builtin') expect(res.headers[LB_ERROR_HEADER]).toBe('ECONNREFUSED');
    });

    it('passes headers through without adding any', async () => {
      const lb = await fx.start('round-robin');
      await send(`${lb.url}/mcp?x=1`, { method: 'POST', headers: { 'X-Custom': 'a', 'mcp-protocol-version': '2025-11-25' }, body: '{"method":"ping"}' });
      const replica = fx.replicas.find((r) => r.requests() === 1)!;
      const names = replica
        .lastRequestRawHeaders()
        .filter((_, i) => i % 2 === 0)
        .map((n) => n.toLowerCase())
        .filter((n) => n !== 'connection');
      expect(names.sort()).toEqual(['content-length', 'content-type', 'host', 'mcp-protocol-version', 'x-custom']);
    });

    // One replica, so every implementation routes the stream to the session's owner.
    it('a client that leaves closes the upstream stream', async () => {
      const lb = await fx.start('round-robin', fx.backends().slice(0, 1));
      const { upstream, client } = await openSessionStream(lb.url);
      client.close();
      await withDeadline(upstream.closed, 5_000, 'replica saw its stream close');
    });

    it('a replica that breaks its stream breaks the client\'s', async () => {
      const lb = await fx.start('round-robin', fx.backends().slice(0, 1));
      const { upstream, client } = await openSessionStream(lb.url);
      upstream.res.destroy();
      expect(await withDeadline(client.ended, 5_000, 'client saw its stream end')).toBe('aborted');
    });

    it('stop() ends the process, and again is a no-op', async () => {
      const lb = await fx.start('round-robin');
      expect(pidAlive(lb.pid)).toBe(true);
      await lb.stop();
      expect(pidAlive(lb.pid)).toBe(false);
      await lb.stop();
      await expect(send(lb.url + LB_HEALTH_PATH)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });
  });
}
