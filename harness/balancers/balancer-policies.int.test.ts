import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import { BalancerFixture, balancerTargets } from './testing/balancer-targets.js';
import { mcpPost, openStream, send, withDeadline } from './testing/test-http.js';

/**
 * The same policy tests against every balancer implementation, through real processes and sockets:
 * what a policy does to 2025-11-25 sessions must not depend on which balancer runs it.
 */
const targets = await balancerTargets();

for (const target of targets) {
  const name = target.impl.name;
  describe.skipIf(target.skipReason !== undefined)(`${name} policies${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const fx = new BalancerFixture(target.impl);
    let agent: http.Agent;
    beforeAll(() => fx.setUp());
    afterAll(() => fx.tearDown());
    afterEach(async () => {
      agent?.destroy();
      await fx.afterEach();
    });
    // Few keep-alive connections, many requests: different sessions share a connection, as they do
    // behind a real client pool, so routing must be per request, not per connection.
    const newAgent = (): http.Agent => (agent = new http.Agent({ keepAlive: true, maxSockets: 4 }));

    if (target.requiredButMissing) {
      it('is installed (required on CI)', () => {
        expect.fail(`${name} is required when CI=true: ${target.requiredButMissing}`);
      });
    }

    it('round-robin spreads requests exactly evenly over the replicas', async () => {
      const lb = await fx.start('round-robin');
      const a = newAgent();
      const counts = new Map<string, number>();
      for (let batch = 0; batch < 10; batch++) {
        const responses = await Promise.all(Array.from({ length: 6 }, () => mcpPost(lb.url, 'tools/list', undefined, a)));
        for (const r of responses) {
          expect(r.status).toBe(200);
          const id = String(r.headers[REPLICA_ID_HEADER]);
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      }
      expect(Object.fromEntries(counts)).toEqual({ r1: 20, r2: 20, r3: 20 });
    });

    it('round-robin loses sessions (control: the sticky test below is not vacuous)', async () => {
      const lb = await fx.start('round-robin');
      const a = newAgent();
      const statuses: number[] = [];
      for (let s = 0; s < 6; s++) {
        const init = await mcpPost(lb.url, 'initialize', undefined, a);
        const sid = String(init.headers['mcp-session-id']);
        for (let k = 0; k < 3; k++) statuses.push((await mcpPost(lb.url, 'tools/call', sid, a)).status);
      }
      expect(statuses.filter((s) => s === 404).length).toBeGreaterThan(0);
    });

    it.skipIf(!fx.supports('sticky-session-id'))('sticky-session-id keeps every request of a session on the replica that minted it', async () => {
      const lb = await fx.start('sticky-session-id');
      const a = newAgent();
      const sessionCount = 24;
      const inits = await Promise.all(Array.from({ length: sessionCount }, () => mcpPost(lb.url, 'initialize', undefined, a)));
      const owners = new Map<string, string>();
      for (const init of inits) {
        expect(init.status).toBe(200);
        owners.set(String(init.headers['mcp-session-id']), String(init.headers[REPLICA_ID_HEADER]));
      }
      expect(new Set(owners.values())).toEqual(new Set(['r1', 'r2', 'r3']));

      // Each session holds its GET stream open (its own connection) for the rest of the test.
      const streams = await Promise.all([...owners.keys()].map((sid) => openStream(`${lb.url}/mcp`, { 'mcp-session-id': sid })));
      streams.forEach((st, i) => {
        expect(st.status).toBe(200);
        expect(st.headers[REPLICA_ID_HEADER]).toBe(owners.get([...owners.keys()][i]!));
      });

      for (let round = 0; round < 4; round++) {
        const calls = [...owners.keys()].map(async (sid) => ({ sid, res: await mcpPost(lb.url, 'tools/call', sid, a) }));
        for (const { sid, res } of await Promise.all(calls)) {
          expect(res.status).toBe(200);
          expect(res.headers[REPLICA_ID_HEADER]).toBe(owners.get(sid));
        }
      }

      const deletes = await Promise.all(
        [...owners.keys()].map((sid) => send(`${lb.url}/mcp`, { method: 'DELETE', headers: { 'mcp-session-id': sid }, agent: a })),
      );
      deletes.forEach((d, i) => {
        expect(d.status).toBe(200);
        expect(d.headers[REPLICA_ID_HEADER]).toBe(owners.get([...owners.keys()][i]!));
      });
      // The replica ends a session's stream on DELETE; that end must reach the client through the balancer.
      expect(await withDeadline(Promise.all(streams.map((s) => s.ended)), 5_000, 'streams ended after DELETE')).toEqual(streams.map(() => 'end'));
      expect(fx.replicas.map((r) => r.statusCounts.get(404) ?? 0)).toEqual([0, 0, 0]);
    });

    it('streams SSE bytes through at once, before the upstream response ends', async () => {
      // One replica, so every implementation routes the stream to the session's owner.
      const lb = await fx.start('round-robin', fx.backends().slice(0, 1));
      const init = await mcpPost(lb.url, 'initialize', undefined);
      const sid = String(init.headers['mcp-session-id']);
      const owner = fx.replicas.find((r) => r.id === init.headers[REPLICA_ID_HEADER])!;
      const stream = await openStream(`${lb.url}/mcp`, { 'mcp-session-id': sid });
      await stream.waitForText(': open');
      const upstream = [...owner.openStreams].find((s) => s.sessionId === sid)!;
      const delaysMs: number[] = [];
      for (let n = 1; n <= 5; n++) {
        const sentAt = performance.now();
        upstream.res.write(`event: message\ndata: {"n":${n}}\n\n`);
        await stream.waitForText(`data: {"n":${n}}`);
        delaysMs.push(performance.now() - sentAt);
        expect(upstream.res.writableEnded).toBe(false);
      }
      // A proxy that holds partial bodies back (HAProxy without http-no-delay) adds ~200 ms to every event.
      const medianMs = delaysMs.sort((x, y) => x - y)[2]!;
      expect(medianMs, `per-event delays ${delaysMs.map((d) => d.toFixed(1)).join(', ')} ms`).toBeLessThan(100);
      stream.close();
    });
  });
}
