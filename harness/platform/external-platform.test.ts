import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { ExternalPlatform } from './external-platform.js';
import type { TopologySpec } from './platform.js';

// A stand-in deployment on loopback: a balancer health path and one replica's stats that grow.
let served = { initialize: { '200': 5 } } as Record<string, Record<string, number>>;
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/-/stats') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ replicaId: 'r1', model: 'legacy', pid: 1, counts: served, memory: { rssBytes: 1, heapUsedBytes: 1 } }));
    } else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const spec: TopologySpec = {
  runId: 'r',
  cellId: 'legacy.sticky-session-id.r1',
  model: 'legacy',
  replicas: 1,
  policy: 'sticky-session-id',
  balancer: 'haproxy',
  servers: { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 1000 }, readinessTimeoutMs: 2000 },
  workDir: '/nonexistent',
};

describe('ExternalPlatform', () => {
  it('refuses a non-loopback URL even when built without the config pipeline', () => {
    expect(() => new ExternalPlatform({ url: 'http://10.0.0.1:8080', replicas: [] })).toThrow(HarnessError);
    expect(() => new ExternalPlatform({ url: 'http://127.0.0.1:1', replicas: [{ id: 'r1', statsUrl: 'http://example.com/-/stats' }] })).toThrow(/not on this machine/);
  });

  it("reports a replica's counts since the cell started (the deployment served requests before)", async () => {
    const topology = await new ExternalPlatform({ url: base, replicas: [{ id: 'r1', statsUrl: `${base}/-/stats` }] }).start(spec);
    expect(topology.balancer.url).toBe(base);
    expect(topology.selection.reason).toContain('not started by the harness');
    served = { initialize: { '200': 7 }, 'tools/call': { '200': 3 } };
    expect((await topology.replicas[0]!.stats()).counts).toEqual({ initialize: { '200': 2 }, 'tools/call': { '200': 3 } });
    expect(topology.replicas[0]!.cpuMicros()).toBeUndefined();
    await topology.stop();
  });

  it('says what to do when nothing answers at the target', async () => {
    const closed = new ExternalPlatform({ url: 'http://127.0.0.1:9', replicas: [] });
    await expect(closed.start(spec)).rejects.toMatchObject({ code: 'E_PROCESS_START', hint: expect.stringContaining('docker-compose') });
  });
});
