import { HarnessError } from '../errors/harness-error.js';
import { LB_HEALTH_PATH, LB_STATS_PATH, REFERENCE_BACKENDS, STICKY_SESSION_TABLE, type BackendAddress, type BackendTraits, type BalancerPolicy, type BalancerPool, type EffectiveTuning } from './balancer.js';
import { REPLICA_ID_HEADER } from '../servers/replica-contract.js';
import { mcpProbeRequest } from '../servers/mcp-probe-requests.js';
import { describeTuning, resolveTuning } from './balancer-tuning.js';
import { duration, haproxyPolicySupport, renderHaproxyPolicy } from './haproxy-policies.js';

export { duration, haproxyPolicySupport };

/**
 * Pure generation of the haproxy.cfg one cell runs with. Every line is deliberate: the file is kept
 * in the results folder so a reviewer can see exactly what the balancer did.
 */
export interface HaproxyOptions {
  /**
   * Connection cap (global and frontend). It must never be the bottleneck, but HAProxy reserves about
   * two descriptors per connection: 10000 fails on a 20000-descriptor limit, 4000 works.
   */
  readonly maxConn: number;
  readonly connectTimeoutMs: number;
  /**
   * Inactivity allowed on either side of an exchange. SSE GET streams idle for a whole session
   * (replicas only send a keep-alive comment every 15 s), so this is far above any session's life.
   */
  readonly streamIdleTimeoutMs: number;
  /** Time a client has to send a complete request head. */
  readonly requestHeadTimeoutMs: number;
  /** How long an idle client keep-alive connection is kept between requests. */
  readonly clientKeepAliveTimeoutMs: number;
  /**
   * `option http-no-delay`: forward each chunk at once. Without it HAProxy sends the unfinished body of a
   * chunked response with MSG_MORE and the kernel holds it up to 200 ms: every SSE event (and the head
   * of a GET stream) arrived ~200 ms late in the integration tests.
   */
  readonly interactiveStreams: boolean;
  readonly stickyTable: { readonly maxEntries: number; readonly ttlMs: number; readonly maxIdLength: number };
}

export const DEFAULT_HAPROXY_OPTIONS: HaproxyOptions = {
  maxConn: 4000,
  connectTimeoutMs: 5_000,
  streamIdleTimeoutMs: 3_600_000,
  requestHeadTimeoutMs: 30_000,
  clientKeepAliveTimeoutMs: 60_000,
  interactiveStreams: true,
  stickyTable: STICKY_SESSION_TABLE,
};

export interface HaproxyConfigInput {
  readonly policy: BalancerPolicy;
  readonly backends: readonly BackendAddress[];
  readonly runId: string;
  /** Where the frontend listens: an inherited descriptor (`fd@3`) or an address (`127.0.0.1:8080`). */
  readonly bind: { readonly fd: number } | { readonly host: string; readonly port: number };
  /** route-by-* pools (see assignPools); ignored by the other policies. */
  readonly pools?: readonly BalancerPool[];
  /** Health checks, retries, redispatch; undefined = HAProxy's documented defaults. */
  readonly tuning?: EffectiveTuning;
  /**
   * Re-resolve replica host names at run time through the nameservers of /etc/resolv.conf (in a
   * container: Docker's embedded DNS). Without it HAProxy resolves names once at start-up, and a replica
   * that comes back from a stop with another address never gets traffic again (or its old address,
   * reused by another container, gets it instead).
   */
  readonly resolveAtRuntime?: boolean;
  /** What the replicas offer; undefined = the reference servers. */
  readonly backendTraits?: BackendTraits | undefined;
  /**
   * Runtime control (faults): the runtime API on a local stats socket (admin level, listeners exposed
   * for seamless reloads) and spare `disabled` server slots that scale-out fills in at run time.
   */
  readonly runtimeApi?: { readonly socketPath: string; readonly spareIds: readonly string[] };
}

/** A string in double quotes for haproxy.cfg (backslash escapes). */
const quoted = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** `option httpchk` and what it sends: GET of the reference /-/healthz, or an MCP server/discover POST. */
function healthCheckLines(hc: EffectiveTuning['healthCheck']): string[] {
  if (hc.kind !== 'active') return [];
  if (hc.probe === 'tcp') return ['    # the replicas have no health endpoint and an MCP probe would open a session each time: TCP connect checks'];
  if (hc.probe === 'mcp-discover') {
    const probe = mcpProbeRequest('stateless');
    const headers = Object.entries({ host: '127.0.0.1', ...probe.headers }).map(([k, v]) => `hdr ${k} ${quoted(v)}`).join(' ');
    return [
      '    # the replicas have no health endpoint: an MCP server/discover POST (2026-07-28 servers MUST answer it; it opens nothing)',
      '    option httpchk',
      `    http-check send meth POST uri ${hc.path} ver HTTP/1.1 ${headers} body ${quoted(probe.body)}`,
      '    http-check expect status 200',
    ];
  }
  return ["    # health checks hit the replica's own probe, which it never counts as an MCP request", `    option httpchk GET ${hc.path}`];
}

const RESOLVERS_SECTION = 'cell-dns';

export function buildHaproxyConfig(input: HaproxyConfigInput, options: HaproxyOptions = DEFAULT_HAPROXY_OPTIONS): string {
  const support = haproxyPolicySupport(input.policy);
  if (!support.supported) {
    throw new HarnessError('E_POLICY_UNSUPPORTED', `cannot generate an HAProxy configuration for policy "${input.policy}": ${support.reason}`, {
      hint: 'Use another balancer or policy; `mcp-lb-bench doctor` lists what each balancer supports.',
    });
  }
  const tuning = input.tuning ?? defaultTuning();
  const traits = input.backendTraits ?? REFERENCE_BACKENDS;
  validate(input, options, tuning);
  // Spare slots take a placeholder address until scale-out sets the real one through the runtime API.
  const spares = (input.runtimeApi?.spareIds ?? []).map((id) => ({ id, host: '127.0.0.1', port: 1 }));
  const spareIds = new Set(spares.map((b) => b.id));
  const layout = renderHaproxyPolicy(input.policy, { backends: [...input.backends, ...spares], pools: input.pools, stickyTable: options.stickyTable });
  const bind = 'fd' in input.bind ? `fd@${input.bind.fd}` : `${hostPort(input.bind.host)}:${input.bind.port}`;
  const hc = tuning.healthCheck;
  const check = hc.kind === 'active' ? `check inter ${duration(hc.intervalMs)} fall ${hc.fall} rise ${hc.rise}` : '';
  const lines = [
    `# Generated by mcp-lb-bench for run ${input.runId}: policy ${input.policy}, ${input.backends.length} replica(s).`,
    '# Written by harness/balancers/haproxy-config.ts; this file is exactly what the balancer ran with.',
    `# Tuning: ${describeTuning(tuning)}.`,
    ...tuning.sources.map((s) => `#   default from ${s}`),
    'global',
    '    # one thread: the balancer shares a small box with the generator and the replicas',
    '    nbthread 1',
    `    maxconn ${options.maxConn}`,
    '    # no "log" directive: per-request logging would add balancer CPU to every measurement',
    ...(input.runtimeApi ? ['    # runtime API for faults (scale, drain, health); expose-fd lets a reload take over the listeners', `    stats socket ${input.runtimeApi.socketPath} mode 600 level admin expose-fd listeners`] : []),
    '',
    'defaults',
    '    mode http',
    '    option http-keep-alive',
    '    http-reuse safe',
    ...(options.interactiveStreams ? ['    # SSE: send every chunk now; otherwise partial bodies wait up to 200 ms in the kernel (MSG_MORE)', '    option http-no-delay'] : []),
    '    # a client that goes away cancels its request upstream too',
    '    option abortonclose',
    `    maxconn ${options.maxConn}`,
    `    timeout connect ${duration(options.connectTimeoutMs)}`,
    '    # client/server are inactivity timeouts: they must outlast an idle SSE GET stream',
    `    timeout client ${duration(options.streamIdleTimeoutMs)}`,
    `    timeout server ${duration(options.streamIdleTimeoutMs)}`,
    `    timeout tunnel ${duration(options.streamIdleTimeoutMs)}`,
    `    timeout http-request ${duration(options.requestHeadTimeoutMs)}`,
    `    timeout http-keep-alive ${duration(options.clientKeepAliveTimeoutMs)}`,
    `    timeout queue ${duration(options.connectTimeoutMs)}`,
    '    # connection retries (never once a request reached a replica) and whether a retry may change replica',
    `    retries ${tuning.retries}`,
    `    ${tuning.redispatch ? '' : 'no '}option redispatch`,
    ...healthCheckLines(hc),
    '',
    'frontend mcp',
    ...('fd' in input.bind ? ['    # fd@N: a listening socket the harness opened on an OS-chosen port and handed over'] : []),
    `    bind ${bind}`,
    `    monitor-uri ${LB_HEALTH_PATH}`,
    ...(traits.attribute
      ? ['    # the replicas count nothing themselves: these per-server counters (hrsp_2xx...) are the reconciliation source', `    stats uri ${LB_STATS_PATH}`]
      : []),
    ...layout.frontendLines.map((l) => `    ${l}`),
    `    default_backend ${layout.defaultBackend}`,
  ];
  if (input.resolveAtRuntime) {
    lines.push(
      '',
      `resolvers ${RESOLVERS_SECTION}`,
      '    # the nameservers of /etc/resolv.conf: in a container, Docker\'s embedded DNS, which follows restarts',
      '    parse-resolv-conf',
      '    # re-ask every second, so a replica back with a new address gets traffic again within ~1 s',
      '    hold valid 1s',
      '    timeout resolve 1s',
    );
  }
  const dns = input.resolveAtRuntime ? `resolvers ${RESOLVERS_SECTION} resolve-prefer ipv4 init-addr libc,none` : '';
  for (const backend of layout.backends) {
    lines.push('', `backend ${backend.name}`, ...backend.lines.map((l) => `    ${l}`));
    if (traits.attribute) lines.push('    # the replicas do not name themselves: the balancer says which one answered (its server name)', `    http-response set-header ${REPLICA_ID_HEADER} %[srv_name]`);
    for (const b of backend.servers) {
      const extra = [check, dns, backend.serverParams?.(b) ?? '', spareIds.has(b.id) ? 'disabled' : ''].filter(Boolean).join(' ');
      lines.push(`    server ${b.id} ${hostPort(b.host)}:${b.port}${extra ? ' ' + extra : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

function defaultTuning(): EffectiveTuning {
  const r = resolveTuning('haproxy');
  if (!r.supported) throw new Error(r.reason);
  return r.tuning;
}

function hostPort(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

const serverNamePattern = /^[A-Za-z0-9_.:-]+$/;
// HAProxy stores timeouts as signed 32-bit milliseconds.
const maxTimeoutMs = 2_147_483_647;

function validate(input: HaproxyConfigInput, options: HaproxyOptions, tuning: EffectiveTuning): void {
  const problems: string[] = [];
  if (input.backends.length === 0) problems.push('no backends');
  const seen = new Set<string>();
  for (const b of input.backends) {
    if (!serverNamePattern.test(b.id)) problems.push(`backend id "${b.id}" is not a valid HAProxy server name ([A-Za-z0-9_.:-])`);
    if (seen.has(b.id)) problems.push(`backend id "${b.id}" is used twice`);
    seen.add(b.id);
    if (!Number.isInteger(b.port) || b.port < 1 || b.port > 65535) problems.push(`backend ${b.id}: port ${b.port} is out of range`);
    if (!/^[A-Za-z0-9.:-]+$/.test(b.host)) problems.push(`backend ${b.id}: host "${b.host}" is not a plain address`);
  }
  const positive: Array<[string, number]> = [
    ['maxConn', options.maxConn],
    ['connectTimeoutMs', options.connectTimeoutMs],
    ['streamIdleTimeoutMs', options.streamIdleTimeoutMs],
    ['requestHeadTimeoutMs', options.requestHeadTimeoutMs],
    ['clientKeepAliveTimeoutMs', options.clientKeepAliveTimeoutMs],
    ['stickyTable.maxEntries', options.stickyTable.maxEntries],
    ['stickyTable.ttlMs', options.stickyTable.ttlMs],
    ['stickyTable.maxIdLength', options.stickyTable.maxIdLength],
  ];
  const hc = tuning.healthCheck;
  if (hc.kind === 'active') positive.push(['healthCheck.intervalMs', hc.intervalMs], ['healthCheck.fall', hc.fall], ['healthCheck.rise', hc.rise]);
  for (const pool of input.pools ?? []) {
    if (!/^[A-Za-z0-9_-]+$/.test(pool.name)) problems.push(`pool name "${pool.name}" must be letters, digits, - and _`);
    if (pool.backendIds.length === 0) problems.push(`pool "${pool.name}" has no replicas`);
    for (const id of pool.backendIds) if (!seen.has(id)) problems.push(`pool "${pool.name}" names unknown backend "${id}"`);
    for (const t of pool.tools) if (!/^[A-Za-z0-9_./-]+$/.test(t)) problems.push(`pool "${pool.name}": tool name "${t}" must be letters, digits, _ . / -`);
  }
  for (const [name, value] of positive) {
    if (!Number.isInteger(value) || value <= 0 || value > maxTimeoutMs) problems.push(`${name} must be a positive integer ≤ ${maxTimeoutMs}, got ${value}`);
  }
  if (typeof tuning.retries !== 'number' || !Number.isInteger(tuning.retries) || tuning.retries < 0) problems.push(`retries must be a non-negative integer, got ${tuning.retries}`);
  if (hc.kind === 'active' && !/^\/\S*$/.test(hc.path)) problems.push(`healthCheck.path "${hc.path}" must start with / and contain no spaces`);
  if (hc.kind === 'passive') problems.push('HAProxy runs active health checks; passive-only tuning is nginx\'s');
  if (problems.length > 0) {
    throw new HarnessError('E_INTERNAL', 'invalid input for the HAProxy configuration', {
      details: problems,
      hint: 'This is a harness bug: replica addresses and balancer options are validated before a cell starts.',
    });
  }
}
