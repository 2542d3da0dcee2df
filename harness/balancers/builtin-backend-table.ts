import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BuiltinBalancerConfig } from './builtin-balancer-config.js';
import { createBuiltinProxy, type BuiltinProxy } from './builtin-proxy.js';
import type { RoutingPolicy } from './routing-policy.js';
import { createRoutingPolicy } from './routing-policies.js';

/** Lines the built-in balancer prints on stdout when its backend table changes (runtime control). */
export type BuiltinControlLine =
  | { readonly event: 'reloaded'; readonly generation: number; readonly backends: readonly string[] }
  /** Every exchange with a backend that left the table (at `generation`) has ended. */
  | { readonly event: 'drained'; readonly id: string; readonly generation: number };

export function parseControlLine(line: string): BuiltinControlLine | undefined {
  if (!line.startsWith('{"event":"reloaded"') && !line.startsWith('{"event":"drained"')) return undefined;
  try {
    return JSON.parse(line) as BuiltinControlLine;
  } catch {
    return undefined;
  }
}

/** Delegates to `policy`, counting exchanges in flight per backend id (the drain's measure). */
function counted(policy: RoutingPolicy, ids: readonly string[], inFlight: Map<string, number>, onIdle: (id: string) => void): RoutingPolicy {
  return {
    ...(policy.needsBody ? { needsBody: true } : {}),
    pick: (req) => policy.pick(req),
    ...(policy.onResponse ? { onResponse: (req, i, res) => policy.onResponse!(req, i, res) } : {}),
    ...(policy.responseHeaders ? { responseHeaders: (req, i) => policy.responseHeaders!(req, i) } : {}),
    ...(policy.redispatch ? { redispatch: (req, i) => policy.redispatch!(req, i) } : {}),
    acquire(i) {
      const id = ids[i]!;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      policy.acquire?.(i);
    },
    release(i) {
      const id = ids[i]!;
      const n = (inFlight.get(id) ?? 1) - 1;
      inFlight.set(id, n);
      policy.release?.(i);
      if (n === 0) onIdle(id);
    },
  };
}

/**
 * The built-in balancer's backend table, replaceable at run time (SIGHUP re-reads the config file):
 * a new generation (policy and upstream agent) takes every new request on the same listener; earlier
 * generations finish the exchanges they have. A backend that left the table is reported drained once
 * none of its exchanges is left. Like a reload without state transfer, a new generation starts with an
 * empty affinity table.
 */
export class BuiltinBackendTable {
  private generation = 0;
  private readonly inFlight = new Map<string, number>();
  /** Backends removed, by the generation that removed them, until they drain. */
  private readonly leaving = new Map<string, number>();
  private readonly generations: BuiltinProxy[] = [];
  readonly server: Server;

  constructor(config: BuiltinBalancerConfig, private readonly say: (line: BuiltinControlLine) => void) {
    const first = this.build(config);
    this.server = first.server;
  }

  /** Installs `config` as the next generation; what was in the table and is not any more starts draining. */
  replace(config: BuiltinBalancerConfig, previous: BuiltinBalancerConfig): void {
    const next = this.build(config);
    this.generation++;
    this.server.removeAllListeners('request');
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => next.server.emit('request', req, res));
    const ids = new Set(config.backends.map((b) => b.id));
    for (const b of previous.backends) if (!ids.has(b.id)) this.leaving.set(b.id, this.generation);
    for (const id of ids) this.leaving.delete(id);
    this.say({ event: 'reloaded', generation: this.generation, backends: [...ids] });
    for (const id of [...this.leaving.keys()]) if ((this.inFlight.get(id) ?? 0) === 0) this.idle(id);
  }

  async close(): Promise<void> {
    await Promise.all(this.generations.map((g) => g.close()));
  }

  private idle(id: string): void {
    const generation = this.leaving.get(id);
    if (generation === undefined) return;
    this.leaving.delete(id);
    this.say({ event: 'drained', id, generation });
  }

  private build(config: BuiltinBalancerConfig): BuiltinProxy {
    const ids = config.backends.map((b) => b.id);
    const policy = createRoutingPolicy(config.policy, config.backends.length, { stickyTable: config.stickyTable, backendIds: ids, ...(config.pools ? { pools: config.pools } : {}) });
    const proxy = createBuiltinProxy(config.backends, counted(policy, ids, this.inFlight, (id) => this.idle(id)), config.proxy);
    this.generations.push(proxy);
    return proxy;
  }
}
