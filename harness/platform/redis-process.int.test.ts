import net from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_SERVER_PATHS, requireTool } from '../testing/requirements.js';
import { processesOfRun } from '../proc/reaper.js';
import { probeRedis } from './redis-probe.js';
import { reserveLoopbackPort, startRedisProcess, type StartedRedis } from './redis-process.js';

const redisTool = requireTool('redis-server', REDIS_SERVER_PATHS);
const RUN_ID = `redis-int-${process.pid}`;

describe.skipIf(redisTool.skip)(`redis-server as a harness process${redisTool.skip ? ` (${redisTool.reason})` : ''}`, () => {
  const started: StartedRedis[] = [];
  const clients: Redis[] = [];
  const blockers: net.Server[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await Promise.all(started.splice(0).map((r) => r.stop()));
    await Promise.all(blockers.splice(0).map((b) => new Promise((resolve) => b.close(resolve))));
  });
  const start = async (reservePort?: () => Promise<number>): Promise<StartedRedis> => {
    const redis = await startRedisProcess({ runId: RUN_ID, readinessTimeoutMs: 10_000, ...(reservePort && { reservePort }) });
    started.push(redis);
    return redis;
  };
  const client = async (redis: StartedRedis): Promise<Redis> => {
    // Fail fast while the store is down; this test reads each failure.
    const c = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 300, retryStrategy: () => 20 });
    c.on('error', () => undefined);
    clients.push(c);
    await c.connect();
    return c;
  };

  it('starts on an OS-chosen loopback port, labelled with the run id, without persistence, and stops idempotently', async () => {
    const redis = await start();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect((await probeRedis('127.0.0.1', redis.port, 1000)).pid).toBe(redis.pid);
    expect(processesOfRun(RUN_ID).map((p) => p.pid)).toContain(redis.pid);
    const c = await client(redis);
    expect(await c.config('GET', 'save')).toEqual(['save', '']);
    expect(await c.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    expect(redis.cpuMicros()).toBeGreaterThanOrEqual(0);
    const pid = redis.pid;
    await Promise.all([redis.stop(), redis.stop()]);
    await redis.stop();
    expect(processesOfRun(RUN_ID).map((p) => p.pid)).not.toContain(pid);
  });

  it('tries another port when the reserved one was taken in between', async () => {
    // Accepts (so the port is really taken) and hangs up on whoever connects (the readiness probe).
    const blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    blockers.push(blocker);
    const taken = (blocker.address() as net.AddressInfo).port;
    const offered: number[] = [];
    const redis = await start(async () => {
      const port = offered.length === 0 ? taken : await reserveLoopbackPort();
      offered.push(port);
      return port;
    });
    expect(offered).toHaveLength(2);
    expect(redis.port).toBe(offered[1]);
  });

  it('hang outage: commands time out while frozen, then the same connection works with the data intact', async () => {
    const redis = await start();
    const c = await client(redis);
    await c.set('k', 'kept');
    redis.freeze();
    await expect(c.get('k')).rejects.toThrow('Command timed out');
    redis.thaw();
    await redis.waitReady();
    expect(await c.get('k')).toBe('kept');
    // The scheduled form: frozen for the duration, resolved once serving again.
    const startedAt = performance.now();
    await redis.outage('hang', 200);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(200);
    expect(await c.get('k')).toBe('kept');
  });

  it('refuse outage: connections are refused while down; the restart is on the same port, a new pid, and empty', async () => {
    const redis = await start();
    const c = await client(redis);
    await c.set('k', 'lost');
    const { port, pid } = redis;
    await redis.kill();
    await expect(probeRedis('127.0.0.1', port, 500)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await redis.restart();
    expect(redis.port).toBe(port);
    expect(redis.pid).not.toBe(pid);
    const fresh = await client(redis);
    expect(await fresh.get('k')).toBeNull();
    await redis.outage('refuse', 100);
    expect((await probeRedis('127.0.0.1', port, 1000)).pid).toBe(redis.pid);
  });

  it('stop() during an outage ends it at once and still stops the process', async () => {
    const redis = await start();
    const outcome = redis.outage('hang', 60_000).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await redis.stop();
    expect(await outcome).toBeInstanceOf(Error);
    expect(processesOfRun(RUN_ID).map((p) => p.pid)).not.toContain(redis.pid);
  });
});
