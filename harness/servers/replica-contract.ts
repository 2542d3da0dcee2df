/**
 * What the harness and a reference replica agree on. The replica process is started as
 * `node replica-main --model <legacy|stateless> --id <r1> [--host 127.0.0.1] [--port 0] ...`
 * and prints one JSON line `{"event":"ready",...}` (ReplicaReadyLine) on stdout once it listens.
 */
export type ServerModel = 'legacy' | 'stateless';

/** Every response a replica sends carries this header naming the replica. */
export const REPLICA_ID_HEADER = 'x-replica-id';
/** The MCP endpoint. */
export const MCP_PATH = '/mcp';
/** Liveness/readiness probe answered by the replica itself (not an MCP request; never counted as one). */
export const HEALTH_PATH = '/-/healthz';
/** Admin endpoint: GET returns ReplicaStats as JSON (not counted as an MCP request). */
export const STATS_PATH = '/-/stats';

export interface ReplicaReadyLine {
  readonly event: 'ready';
  readonly replicaId: string;
  readonly model: ServerModel;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** e.g. { "@modelcontextprotocol/sdk": "1.32.2" } */
  readonly sdk: Readonly<Record<string, string>>;
}

/**
 * Counts keyed first by "method", then by HTTP status as a string.
 * Method key: the JSON-RPC `method` of a POST body (e.g. "initialize", "notifications/initialized",
 * "tools/call"); "GET" / "DELETE" for those verbs; "POST:invalid" for an unparseable body; the HTTP verb
 * for anything else. Status "aborted" when the connection closed before a status line was written.
 * Precisely (request-counter.ts `methodKeyOf`): a POST body that is JSON but has no string `method` counts
 * as "POST" when it is still JSON-RPC (a batch array, or a `"jsonrpc":"2.0"` response object) and as
 * "POST:invalid" otherwise (also: not JSON, empty, or over the 4 MiB limit → 413). A POST whose client
 * went away before its body was complete counts as "POST" / "aborted". Requests to paths other than
 * MCP_PATH count under their verb (status 404); HEALTH_PATH and STATS_PATH are never counted.
 */
export type CountsByMethodAndStatus = Record<string, Record<string, number>>;

export interface ReplicaStats {
  readonly replicaId: string;
  readonly model: ServerModel;
  readonly pid: number;
  readonly counts: CountsByMethodAndStatus;
  /** Legacy only: sessions minted, closed (DELETE or idle expiry) and currently held. */
  readonly sessions?: { readonly created: number; readonly closed: number; readonly active: number };
  readonly memory: { readonly rssBytes: number; readonly heapUsedBytes: number };
}

/** Tools every reference server offers, with the same argument names on both SDKs. */
export const REFERENCE_TOOLS = {
  echo: 'echo: returns its `text` argument',
  work: 'work: burns `cpuUs` microseconds of CPU on the replica, then answers',
  sleep: 'sleep: waits `ms` milliseconds without using CPU, then answers',
} as const;
