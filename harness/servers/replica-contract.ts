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
  /** `tools/call` requests received, by tool name (`params.name`), whatever their answer; lets a
   * route-by-* cell count calls served outside their tool's pool. */
  readonly toolCalls?: Readonly<Record<string, number>>;
  /** Only on replicas using a shared store (any `--*-store redis`): its cost and failures. */
  readonly store?: StoreStats;
  /** Only on replicas with a state strategy enabled: counters named in state-contract.ts STATE_COUNTER_KEYS. */
  readonly state?: Readonly<Record<string, number>>;
}

/**
 * A replica's use of its shared store (Redis), cumulative since start. "Store operations per logical
 * call" = `ops` / calls; mean store latency = `latencyUsTotal` / `roundTrips`.
 */
export interface StoreStats {
  readonly backend: 'redis';
  /** Commands sent, a Lua script call counting as one (pub/sub SUBSCRIBE/UNSUBSCRIBE included). */
  readonly ops: number;
  /** Round trips awaited (one per op here: the replica never pipelines). */
  readonly roundTrips: number;
  /** Ops that failed: timeout (hung store), refused/reset connection, or an error reply. */
  readonly errors: number;
  /** Sum of round-trip times, failed ones included (a timeout adds the full timeout). */
  readonly latencyUsTotal: number;
  /** MCP requests answered with a store-unavailable error (state-contract.ts STORE_UNAVAILABLE_CODE). */
  readonly unavailableResponses: number;
  /** Whether the command connection is up right now. */
  readonly connected: boolean;
}

/** Tools every reference server offers, with the same argument names on both SDKs. */
export const REFERENCE_TOOLS = {
  echo: 'echo: returns its `text` argument',
  work: 'work: burns `cpuUs` microseconds of CPU on the replica, then answers',
  sleep: 'sleep: waits `ms` milliseconds without using CPU, then answers',
} as const;

/**
 * Task ids of the Tasks extension (`--task-store`) name the replica that created the task, so a
 * balancer can send `Mcp-Method: tasks/*` to the owner by routing on `Mcp-Name` (which carries the
 * task id): `<replicaId>.<22 base64url characters>`, e.g. `r2.q3V0cBv0kQ2m8D8tHcY6xA`. The random part
 * never contains `.`, so the owner is the text before the last `.`; with dot-free replica ids (the
 * platforms use r1..rN) it is also the text before the first one:
 *   HAProxy: `use_backend %[req.hdr(mcp-name),field(1,.)]` style maps, or `req.hdr(mcp-name) -m beg r2.`
 *   nginx:   `map $http_mcp_name $task_owner { ~^(?<owner>[^.]+)\. $owner; }`
 * Only `tasks/get|update|cancel` carry a task id in `Mcp-Name`; the creating `tools/call` carries the
 * tool name, so creation lands wherever the balancer sends it and the id records where that was.
 */
export const TASK_ID_PATTERN = /^([\x21-\x7e]{1,128})\.([A-Za-z0-9_-]{22})$/;

/** The replica id a task id names, or undefined when it is not a reference-replica task id. */
export function taskOwnerOf(taskId: string): string | undefined {
  const match = TASK_ID_PATTERN.exec(taskId);
  return match === null ? undefined : match[1];
}
