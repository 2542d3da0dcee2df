import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Platform, ReplicaHandle, StartedTopology, TopologySpec } from '../../platform/platform.js';
import type { ReplicaStats } from '../../servers/replica-contract.js';

/**
 * A target whose capacity is known exactly, for tests of the search end to end: one "replica" that
 * answers stateless MCP tools/call requests from a single FIFO queue, `serviceMs` each, so it serves
 * at most 1000 / serviceMs requests per second and queues (latency grows without bound) beyond.
 * Each finish is scheduled from the previous one's due time, not the timer's actual firing, so
 * timer lateness does not lower the throughput. Its "CPU" is the service time it has spent (one
 * core busy while it serves), so the step judge sees it at its cap past capacity.
 */
export class SyntheticTarget {
  private server: Server | undefined;
  private busyUntilMs = 0;
  private served = 0;
  private busyUs = 0;

  constructor(private readonly serviceMs: number) {}

  get capacityPerSec(): number {
    return 1000 / this.serviceMs;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: number };
    const now = performance.now();
    const startMs = Math.max(now, this.busyUntilMs);
    this.busyUntilMs = startMs + this.serviceMs;
    this.busyUs += this.serviceMs * 1000;
    setTimeout(() => {
      this.served++;
      res.writeHead(200, { 'content-type': 'application/json', 'x-replica-id': 'r1' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: { content: [{ type: 'text', text: 'hello' }] } }));
    }, Math.max(0, this.busyUntilMs - now));
  }

  stats(): ReplicaStats {
    return { replicaId: 'r1', model: 'stateless', pid: process.pid, counts: { 'tools/call': { '200': this.served } }, memory: { rssBytes: 0, heapUsedBytes: 0 } };
  }

  /** Service time spent so far, µs: one core's worth per second at saturation. */
  cpuMicros(): number {
    // Work not finished yet counts only up to now.
    return this.busyUs - Math.max(0, this.busyUntilMs - performance.now()) * 1000;
  }
}

/** A platform whose every topology is the synthetic target (no balancer, one replica). */
export function syntheticPlatform(target: SyntheticTarget): Platform {
  return {
    name: 'synthetic',
    async start(_spec: TopologySpec): Promise<StartedTopology> {
      const url = await target.start();
      const replica: ReplicaHandle = {
        id: 'r1',
        pid: process.pid,
        url,
        sdk: {},
        cpuSource: 'proc',
        stats: async () => target.stats(),
        cpuMicros: () => target.cpuMicros(),
        rssBytes: () => undefined,
        incarnations: () => [{ index: 1, pid: process.pid, counts: 'live' }],
      };
      const stop = (): Promise<void> => target.stop();
      return {
        platform: 'synthetic',
        balancer: { impl: 'builtin', version: 'synthetic', policy: 'round-robin', url, pid: process.pid, configFile: undefined, stop, [Symbol.asyncDispose]: stop },
        selection: { implementation: 'synthetic', reason: 'test target with a known capacity' },
        replicas: [replica],
        store: undefined,
        balancerCpuMicros: () => undefined,
        // Nothing dies here: the target lives in this process.
        events: () => [],
        stop,
        [Symbol.asyncDispose]: stop,
      };
    },
  };
}
