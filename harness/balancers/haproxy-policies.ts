import {
  MCP_METHOD_HEADER,
  MCP_NAME_HEADER,
  MCP_SESSION_ID_HEADER,
  STICKY_COOKIE_NAME,
  TASK_OWNER_SEPARATOR,
  TASKS_METHOD_PREFIX,
  type BackendAddress,
  type BalancerPolicy,
  type BalancerPool,
  type PolicySupport,
} from './balancer.js';
import { poolsOrDefault } from './pool-assignment.js';

/**
 * What each policy puts into haproxy.cfg: lines in the frontend (routing to pools) and one or more
 * backends (the balancing algorithm). One renderer per policy; haproxy-config.ts assembles the file.
 */
export interface HaproxyBackendSection {
  readonly name: string;
  readonly lines: readonly string[];
  readonly servers: readonly BackendAddress[];
  /** Extra parameters appended to each `server` line (e.g. `cookie r1` for sticky-cookie). */
  readonly serverParams?: (backend: BackendAddress) => string;
}

export interface HaproxyLayout {
  readonly frontendLines: readonly string[];
  readonly backends: readonly HaproxyBackendSection[];
  readonly defaultBackend: string;
}

export interface HaproxyPolicyInput {
  readonly backends: readonly BackendAddress[];
  readonly pools: readonly BalancerPool[] | undefined;
  readonly stickyTable: { readonly maxEntries: number; readonly ttlMs: number; readonly maxIdLength: number };
}

type Renderer = (input: HaproxyPolicyInput) => HaproxyLayout;

/** A single backend `replicas` over every replica with the given balancing lines. */
const single =
  (lines: (input: HaproxyPolicyInput) => readonly string[], serverParams?: (b: BackendAddress) => string): Renderer =>
  (input) => ({
    frontendLines: [],
    backends: [{ name: 'replicas', lines: lines(input), servers: input.backends, ...(serverParams ? { serverParams } : {}) }],
    defaultBackend: 'replicas',
  });

/** One `pool_<name>` backend per pool (round robin inside), `use_backend` rules from `condition`. */
function pooled(input: HaproxyPolicyInput, preamble: readonly string[], condition: (tools: readonly string[]) => string): HaproxyLayout {
  const pools = poolsOrDefault(input.pools, input.backends);
  const byId = new Map(input.backends.map((b) => [b.id, b]));
  const routed = pools.filter((p) => p.tools.length > 0);
  return {
    frontendLines: [
      ...preamble,
      ...routed.map((p) => `use_backend pool_${p.name} if ${condition(p.tools)}`),
    ],
    backends: pools.map((p) => ({ name: `pool_${p.name}`, lines: ['balance roundrobin'], servers: p.backendIds.map((id) => byId.get(id)!) })),
    defaultBackend: `pool_${pools.find((p) => p.tools.length === 0)?.name ?? pools[pools.length - 1]!.name}`,
  };
}

const renderers: Record<BalancerPolicy, Renderer> = {
  'round-robin': single(() => ['balance roundrobin']),
  'least-conn': single(() => [
    '# fewest open connections; an idle SSE GET stream counts as one for its whole session',
    'balance leastconn',
  ]),
  'sticky-cookie': single(
    () => [
      'balance roundrobin',
      `# the first answer sets ${STICKY_COOKIE_NAME}=<replica>; a client that sends it back stays there, one that drops cookies does not`,
      `cookie ${STICKY_COOKIE_NAME} insert indirect nocache`,
    ],
    (b) => `cookie ${b.id}`,
  ),
  'sticky-session-id': single(({ stickyTable }) => [
    '# requests without a known session id (initialize, or an id no replica minted) go round robin',
    'balance roundrobin',
    `stick-table type string len ${stickyTable.maxIdLength} size ${stickyTable.maxEntries} expire ${duration(stickyTable.ttlMs)}`,
    '# learn the replica from the session id it mints, route every later request carrying that id to it',
    `stick store-response res.hdr(${MCP_SESSION_ID_HEADER})`,
    `stick match req.hdr(${MCP_SESSION_ID_HEADER})`,
  ]),
  'hash-session-id': single(() => [
    '# hash of the request header; initialize has none (the manual: absent header -> round robin), so the',
    '# replica that mints a session is not the one its id hashes to, except by chance (1 in N)',
    `balance hdr(${MCP_SESSION_ID_HEADER})`,
    'hash-type consistent',
  ]),
  'client-ip': single(() => [
    '# the client address modulo the servers (map-based, the default hash-type): one address -> one replica',
    'balance source',
  ]),
  'route-by-header': (input) =>
    pooled(input, ['# 2026-07-28 requests name their method and tool in headers: no body parsing needed'], (tools) =>
      `{ req.hdr(${MCP_METHOD_HEADER}) -m str tools/call } { req.hdr(${MCP_NAME_HEADER}) -m str ${tools.join(' ')} }`,
    ),
  'route-by-body': (input) =>
    pooled(
      input,
      [
        '# wait for the whole request body (up to tune.bufsize), then read method and tool name from the JSON',
        'option http-buffer-request',
        "http-request set-var(txn.mcp_method) req.body,json_query('$.method')",
        "http-request set-var(txn.mcp_tool) req.body,json_query('$.params.name')",
      ],
      (tools) => `{ var(txn.mcp_method) -m str tools/call } { var(txn.mcp_tool) -m str ${tools.join(' ')} }`,
    ),
  'route-by-task-owner': single(({ backends }) => [
    '# tasks/get|update|cancel name their task in Mcp-Name, and the task id starts with the replica that created',
    '# it (r2.<22 chars>): send them there; everything else (tools/call creating a task, unknown owners) round robin.',
    '# HAProxy skips a use-server rule while health checks mark its server down: that task request goes round robin.',
    'balance roundrobin',
    `acl mcp_task_request req.hdr(${MCP_METHOD_HEADER}) -m beg ${TASKS_METHOD_PREFIX}`,
    ...backends.map((b) => `use-server ${b.id} if mcp_task_request { req.hdr(${MCP_NAME_HEADER}) -m beg ${b.id}${TASK_OWNER_SEPARATOR} }`),
  ]),
};

export function haproxyPolicySupport(policy: BalancerPolicy): PolicySupport {
  return renderers[policy] ? { supported: true } : { supported: false, reason: `the HAProxy implementation has no configuration for policy "${policy}"` };
}

export function renderHaproxyPolicy(policy: BalancerPolicy, input: HaproxyPolicyInput): HaproxyLayout {
  return renderers[policy](input);
}

/** HAProxy time syntax, exact: the largest unit that divides the value. */
export function duration(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}
