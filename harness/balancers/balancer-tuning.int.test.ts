import { once } from 'node:events';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../proc/wait-for.js';
import type { BackendAddress, BalancerTuningRequest } from './balancer.js';
import { BalancerFixture, balancerTargets } from './testing/balancer-targets.js';
import { statelessCall } from './testing/mcp-traffic.js';

/**
 * Health checks, retries and redispatch as each implementation applies them, with one replica down:
 * what a client sees depends on these options, so they are explicit and recorded with every cell.
 */
const targets = await balancerTargets();

async function deadBackend(): Promise<BackendAddress> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { id: 'gone', host: '127.0.0.1', port };
}

const tuning = (t: Partial<BalancerTuningRequest>): BalancerTuningRequest => ({ healthCheck: 'off', retries: 0, redispatch: 'default', ...t });

for (const target of targets) {
  const name = target.impl.name;
  describe.skipIf(target.skipReason !== undefined)(`${name}: health checks and retries${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const fx = new BalancerFixture(target.impl);
    beforeAll(() => fx.setUp());
    afterAll(() => fx.tearDown());
    afterEach(() => fx.afterEach());
    /** Round robin over [dead, r1, r2]: every third request meets the dead replica first. */
    const sixCalls = async (t: BalancerTuningRequest): Promise<number[]> => {
      const lb = await fx.start('round-robin', [await deadBackend(), ...fx.backends().slice(0, 2)], { tuning: t });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await statelessCall(lb.url, 'echo', { text: 'x' })).status);
      return statuses;
    };

    it('without retries, requests that meet the dead replica fail', async () => {
      const statuses = await sixCalls(tuning({ retries: 0 }));
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(statuses.filter((s) => s >= 500)).toHaveLength(2);
    });

    it('a retry that may change replica (redispatch) hides the dead one', async () => {
      // HAProxy waits min(timeout connect, 1 s) before a retry; its redispatch happens on the last retry.
      const statuses = await sixCalls(tuning({ retries: 1, redispatch: true }));
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    }, 20_000);

    it.skipIf(name === 'nginx')('retries to the same replica (no redispatch) do not help against a dead one', async () => {
      const statuses = await sixCalls(tuning({ retries: 2, redispatch: false }));
      expect(statuses.filter((s) => s >= 500)).toHaveLength(2);
    }, 20_000);

    it.skipIf(name !== 'haproxy')('active health checks probe /-/healthz (never an MCP request) and take the dead replica out', async () => {
      const lb = await fx.start('round-robin', [await deadBackend(), ...fx.backends().slice(0, 2)], { tuning: tuning({ healthCheck: { intervalMs: 100, fall: 1, rise: 1 } }) });
      await waitFor(() => fx.replicas[0]!.healthProbes() >= 2 && fx.replicas[1]!.healthProbes() >= 2, { timeoutMs: 10_000, what: 'health probes on both live replicas' });
      // fall 1: one failed probe marks the dead replica down; every request then finds a live one.
      await waitFor(async () => (await statelessCall(lb.url, 'echo', { text: 'x' })).status === 200 && (await statelessCall(lb.url, 'echo', { text: 'x' })).status === 200 && (await statelessCall(lb.url, 'echo', { text: 'x' })).status === 200, { timeoutMs: 10_000, what: 'three successes in a row' });
      for (let i = 0; i < 6; i++) expect((await statelessCall(lb.url, 'echo', { text: 'x' })).status).toBe(200);
      expect(fx.replicas[0]!.statusCounts.get(200)! + fx.replicas[1]!.statusCounts.get(200)!).toBeGreaterThanOrEqual(9);
      expect(fx.replicas.map((r) => r.toolCalls.get('echo') ?? 0).reduce((a, b) => a + b)).toBe(fx.replicas.map((r) => r.requests()).reduce((a, b) => a + b));
    }, 30_000);

    it.skipIf(name !== 'nginx')("nginx's default retries the next replica: the dead one never shows", async () => {
      const statuses = await sixCalls(tuning({ retries: 'default', healthCheck: 'default' }));
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    });
  });
}
