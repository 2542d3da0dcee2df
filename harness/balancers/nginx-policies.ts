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
 * What each policy puts into nginx.conf (open-source nginx 1.22, modules of every Debian build):
 * `http`-level maps, upstream groups, and what `location /` proxies to. nginx-config.ts assembles
 * the file. A policy open-source nginx cannot express has no renderer, and says why.
 */
export interface NginxUpstream {
  readonly name: string;
  readonly directives: readonly string[];
  readonly servers: readonly BackendAddress[];
}

export interface NginxLayout {
  readonly httpLines: readonly string[];
  readonly upstreams: readonly NginxUpstream[];
  /** Lines inside `location /` before proxy_pass. */
  readonly locationLines: readonly string[];
  /** Extra `location` blocks of the server, as lines. */
  readonly serverLines: readonly string[];
  /** Target of proxy_pass, e.g. `http://replicas` or `http://$mcp_pool`. */
  readonly proxyPass: string;
}

type Renderer = (backends: readonly BackendAddress[], pools: readonly BalancerPool[] | undefined) => NginxLayout;

/** nginx exposes request header `Mcp-Session-Id` as `$http_mcp_session_id`. */
const headerVar = (lowerName: string): string => `$http_${lowerName.replace(/-/g, '_')}`;

const single =
  (directives: readonly string[]): Renderer =>
  (backends) => ({
    httpLines: [],
    upstreams: [{ name: 'replicas', directives, servers: backends }],
    locationLines: [],
    serverLines: [],
    proxyPass: 'http://replicas',
  });

/** Pools as upstream groups `pool_<name>`; `$mcp_pool` (set by `mapLines`) names the group per request. */
function pooled(backends: readonly BackendAddress[], pools: readonly BalancerPool[] | undefined, routing: (routed: readonly BalancerPool[], fallback: string) => NginxLayout['httpLines']): Omit<NginxLayout, 'locationLines' | 'serverLines'> {
  const all = poolsOrDefault(pools, backends);
  const byId = new Map(backends.map((b) => [b.id, b]));
  const fallback = `pool_${all.find((p) => p.tools.length === 0)?.name ?? all[all.length - 1]!.name}`;
  return {
    httpLines: routing(
      all.filter((p) => p.tools.length > 0),
      fallback,
    ),
    upstreams: all.map((p) => ({ name: `pool_${p.name}`, directives: [], servers: p.backendIds.map((id) => byId.get(id)!) })),
    proxyPass: 'http://$mcp_pool',
  };
}

/** Text matched literally inside a PCRE (backend ids are [A-Za-z0-9_-], validated in nginx-config.ts). */
const regexLiteral = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `srv_<id>`: one upstream per replica, for policies that pick the replica themselves. */
const perReplicaUpstreams = (backends: readonly BackendAddress[]): NginxUpstream[] => backends.map((b) => ({ name: `srv_${b.id}`, directives: [], servers: [b] }));

const toolEntries = (routed: readonly BalancerPool[], key: (tool: string) => string): string[] =>
  routed.flatMap((p) => p.tools.map((t) => `    ${key(t)} pool_${p.name};`));

const renderers: Partial<Record<BalancerPolicy, Renderer>> = {
  'round-robin': single([]),
  'least-conn': single(['# fewest active connections; an idle SSE GET stream counts as one for its whole session', 'least_conn;']),
  'sticky-cookie': (backends) => {
    // Open-source nginx has no `sticky cookie` (NGINX Plus); maps give the same behaviour as HAProxy's
    // `cookie SRV insert indirect`: a valid cookie picks that replica's own upstream, anything else goes
    // round robin and the answer carries Set-Cookie naming the replica that served it.
    const cookieVar = `$cookie_${STICKY_COOKIE_NAME}`;
    return {
      httpLines: [
        `# ${STICKY_COOKIE_NAME}=<replica id> -> that replica; no or unknown cookie -> round robin`,
        `map ${cookieVar} $mcp_cookie_upstream {`,
        ...backends.map((b) => `    ${b.id} srv_${b.id};`),
        '    default replicas;',
        '}',
        '# the replica that answered, as a Set-Cookie value',
        'map $upstream_addr $mcp_served_cookie {',
        ...backends.map((b) => `    ${b.host}:${b.port} "${STICKY_COOKIE_NAME}=${b.id}; path=/";`),
        '    default "";',
        '}',
        '# insert only when the request had no valid cookie (an empty value adds no header)',
        `map ${cookieVar} $mcp_set_cookie {`,
        ...backends.map((b) => `    ${b.id} "";`),
        '    default $mcp_served_cookie;',
        '}',
      ],
      upstreams: [{ name: 'replicas', directives: [], servers: backends }, ...perReplicaUpstreams(backends)],
      locationLines: ['add_header Set-Cookie $mcp_set_cookie always;'],
      serverLines: [],
      proxyPass: 'http://$mcp_cookie_upstream',
    };
  },
  'hash-session-id': single([
    '# consistent hash of the request header. initialize carries none, and nginx balances an empty key round',
    '# robin, so the replica that mints a session is the one its id hashes to only by chance (1 in N)',
    `hash ${headerVar(MCP_SESSION_ID_HEADER)} consistent;`,
  ]),
  'client-ip': single([
    '# not ip_hash: it keys IPv4 clients on the first three octets, so 127.0.0.2-127.0.0.65 would all hash alike',
    'hash $remote_addr consistent;',
  ]),
  'route-by-header': (backends, pools) => ({
    ...pooled(backends, pools, (routed, fallback) => [
      '# 2026-07-28 requests name their method and tool in headers: no body parsing needed',
      `map "${headerVar(MCP_METHOD_HEADER)}:${headerVar(MCP_NAME_HEADER)}" $mcp_pool {`,
      ...toolEntries(routed, (t) => `"tools/call:${t}"`),
      `    default ${fallback};`,
      '}',
    ]),
    locationLines: [],
    serverLines: [],
  }),
  'route-by-body': (backends, pools) => ({
    ...pooled(backends, pools, (routed, fallback) => [
      '# Open-source nginx has no JSON parser (that takes njs or Lua): these are regular expressions over the raw',
      '# body, first "method" and first "name" key. A tool whose arguments carry a "name" key before params.name',
      '# would be misread; escaped characters are not decoded.',
      'map $request_body $mcp_body_method {',
      '    "~\\"method\\"\\s*:\\s*\\"(?<mcp_m>[^\\"]*)\\"" $mcp_m;',
      '    default "";',
      '}',
      'map $request_body $mcp_body_tool {',
      '    "~\\"name\\"\\s*:\\s*\\"(?<mcp_t>[^\\"]*)\\"" $mcp_t;',
      '    default "";',
      '}',
      'map "$mcp_body_method:$mcp_body_tool" $mcp_pool {',
      ...toolEntries(routed, (t) => `"tools/call:${t}"`),
      `    default ${fallback};`,
      '}',
    ]),
    locationLines: [
      '# proxy_pass evaluates $mcp_pool before it reads the body; a mirror with mirror_request_body reads the',
      '# whole body earlier (precontent phase), so $request_body is set when the pool is chosen',
      'client_body_buffer_size 1m;',
      'client_body_in_single_buffer on;',
      'mirror /-/lb-read-body;',
      'mirror_request_body on;',
    ],
    serverLines: ['location = /-/lb-read-body {', '    internal;', '    return 204;', '}'],
  }),
  'route-by-task-owner': (backends) => ({
    httpLines: [
      '# tasks/get|update|cancel name their task in Mcp-Name, and the task id starts with the replica that created it',
      '# (r2.<22 chars>): send them to that replica\'s own upstream; everything else round robin. The method is reduced',
      '# to 1/0 first so that a ":" in it cannot shift where the name starts in the second map\'s key.',
      `map ${headerVar(MCP_METHOD_HEADER)} $mcp_task_request {`,
      `    ~^${regexLiteral(TASKS_METHOD_PREFIX)} 1;`,
      '    default 0;',
      '}',
      `map "$mcp_task_request:${headerVar(MCP_NAME_HEADER)}" $mcp_task_upstream {`,
      ...backends.map((b) => `    ~^1:${regexLiteral(b.id + TASK_OWNER_SEPARATOR)} srv_${b.id};`),
      '    default replicas;',
      '}',
    ],
    upstreams: [{ name: 'replicas', directives: [], servers: backends }, ...perReplicaUpstreams(backends)],
    locationLines: [],
    serverLines: [],
    proxyPass: 'http://$mcp_task_upstream',
  }),
};

const UNSUPPORTED: Partial<Record<BalancerPolicy, string>> = {
  'sticky-session-id':
    'open-source nginx cannot learn affinity from a response header (`sticky learn` is NGINX Plus only); the closest it has, `hash $http_mcp_session_id`, is policy hash-session-id',
};

export function nginxPolicySupport(policy: BalancerPolicy): PolicySupport {
  if (renderers[policy]) return { supported: true };
  return { supported: false, reason: UNSUPPORTED[policy] ?? `the nginx implementation has no configuration for policy "${policy}"` };
}

export function renderNginxPolicy(policy: BalancerPolicy, backends: readonly BackendAddress[], pools: readonly BalancerPool[] | undefined): NginxLayout {
  const render = renderers[policy];
  if (!render) throw new Error(`nginx: no renderer for policy "${policy}"`);
  return render(backends, pools);
}
