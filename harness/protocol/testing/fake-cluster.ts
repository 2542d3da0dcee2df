import { randomUUID } from 'node:crypto';
import type { HttpClient, HttpRequest, HttpResponse, HttpStream } from '../../load/http-client.js';
import { mulberry32 } from '../../workload/prng.js';

/**
 * An in-memory stand-in for "N session-holding replicas behind a balancer", for unit tests of the
 * protocol models' state machines only. Integration tests use real SDK replicas and real balancers.
 */
export class FakeCluster implements HttpClient {
  readonly sessions: Array<Set<string>>;
  readonly log: Array<{ replica: number; method: string; status: number }> = [];
  private next = 0;
  private readonly random = mulberry32(1);

  constructor(
    replicas: number,
    /** "random" stands for round-robin as one client sees it when many clients interleave. */
    private readonly route: 'round-robin' | 'random' | 'sticky',
    private readonly unknownStatus = 404,
    /** Answer these methods (JSON-RPC method, or "DELETE") only after this long: a slow step. */
    private readonly slowMs: Readonly<Record<string, number>> = {},
  ) {
    this.sessions = Array.from({ length: replicas }, () => new Set<string>());
  }

  private pick(sessionId: string | undefined): number {
    if (this.route === 'sticky' && sessionId) {
      const owner = this.sessions.findIndex((s) => s.has(sessionId));
      if (owner >= 0) return owner;
    }
    if (this.route === 'random') return Math.floor(this.random() * this.sessions.length);
    return this.next++ % this.sessions.length;
  }

  private answer(req: HttpRequest): { replica: number; res: HttpResponse } {
    const sid = req.headers['mcp-session-id'];
    const replica = this.pick(sid);
    const held = this.sessions[replica] as Set<string>;
    const body = req.body ? (JSON.parse(req.body) as { id?: number; method: string }) : undefined;
    const method = body?.method ?? req.method;
    const headers: Record<string, string> = { 'x-replica-id': `r${replica + 1}`, 'content-type': 'application/json' };
    let status: number;
    let text = '';
    if (sid !== undefined && !held.has(sid)) {
      status = this.unknownStatus;
      text = '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}';
    } else if (method === 'initialize') {
      const id = randomUUID();
      held.add(id);
      headers['mcp-session-id'] = id;
      status = 200;
      text = JSON.stringify({ jsonrpc: '2.0', id: body?.id, result: { protocolVersion: '2025-11-25' } });
    } else if (method === 'notifications/initialized') {
      status = 202;
    } else if (method === 'DELETE') {
      held.delete(sid as string);
      status = 200;
    } else {
      status = 200;
      text = JSON.stringify({ jsonrpc: '2.0', id: body?.id, result: { content: [] } });
    }
    this.log.push({ replica, method, status });
    return { replica, res: { status, headers, header: (n: string) => headers[n], body: text } };
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const { res } = this.answer(req);
    const method = this.log[this.log.length - 1]?.method ?? '';
    const slow = this.slowMs[method];
    if (slow !== undefined) await new Promise((r) => setTimeout(r, slow));
    return res;
  }

  async openStream(req: HttpRequest): Promise<HttpStream> {
    const { res } = this.answer(req);
    return { status: res.status, headers: res.headers, header: res.header, errorBody: res.status === 200 ? undefined : res.body, ended: Promise.resolve(), close: () => undefined, release: () => undefined };
  }

  async close(): Promise<void> {}
}
