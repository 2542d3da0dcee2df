import type { CountsByMethodAndStatus } from '../servers/replica-contract.js';
import type { BackendAddress, BalancerCounts } from './balancer.js';

/**
 * nginx as the attributing balancer of servers that neither name themselves nor count (your own
 * server): X-Replica-Id from the upstream address it connected to, and one access-log line per answer
 * — replica address, status, HTTP verb and the JSON-RPC method read from the buffered request body
 * (a regular expression, as route-by-body does; nginx has no JSON parser) — that the harness counts.
 */
const FIELD_SEPARATOR = '\t';

/** `address:port` as nginx writes it in $upstream_addr for a backend (its resolved IP for a container alias). */
export function upstreamKey(b: BackendAddress): string {
  const host = b.address ?? b.host;
  return `${host.includes(':') ? `[${host}]` : host}:${b.port}`;
}

export function nginxAttributionLines(backends: readonly BackendAddress[], accessLog: string): string[] {
  return [
    '# the replicas do not name themselves: the answer carries the id of the replica nginx connected to',
    'map $upstream_addr $mcp_replica_id {',
    ...backends.map((b) => `    "${upstreamKey(b)}" ${b.id};`),
    '    default "";',
    '}',
    '# and the replicas do not count: one line per answer is the reconciliation source (the harness counts them)',
    'map $request_body $mcp_rpc_method {',
    '    "~\\"method\\"\\s*:\\s*\\"(?<mcp_rpc>[^\\"]*)\\"" $mcp_rpc;',
    '    default "";',
    '}',
    `log_format mcp_counts '$upstream_addr${FIELD_SEPARATOR}$status${FIELD_SEPARATOR}$request_method${FIELD_SEPARATOR}$mcp_rpc_method';`,
    `access_log ${accessLog} mcp_counts;`,
  ];
}

/**
 * Counts of access-log lines by replica, method key (JSON-RPC method of a POST, else the verb, as the
 * reference replicas count) and status. An answer after retries names every address tried ("a, b"):
 * the last one answered. Lines of addresses that are no backend (nginx's own answers: "-") are skipped.
 */
export class NginxLogCounter {
  private readonly byAddress: ReadonlyMap<string, string>;
  private readonly counts: Record<string, CountsByMethodAndStatus> = {};

  constructor(backends: readonly BackendAddress[]) {
    this.byAddress = new Map(backends.map((b) => [upstreamKey(b), b.id]));
  }

  add(line: string): void {
    const [addresses, status, verb, rpcMethod] = line.split(FIELD_SEPARATOR);
    if (addresses === undefined || status === undefined || verb === undefined) return;
    const last = addresses.split(/\s*,\s*|\s+:\s+/).pop()?.trim() ?? '';
    const replica = this.byAddress.get(last);
    if (replica === undefined) return;
    const method = verb === 'POST' && rpcMethod ? rpcMethod : verb;
    const byStatus = ((this.counts[replica] ??= {})[method] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }

  snapshot(): BalancerCounts {
    return { byReplica: structuredClone(this.counts), granularity: 'method-status', source: 'nginx access log ($upstream_addr, $status, JSON-RPC method per answer)' };
  }
}
