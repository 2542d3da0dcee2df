import { describe, expect, it } from 'vitest';
import { resolveTuning } from './balancer-tuning.js';
import { buildHaproxyConfig } from './haproxy-config.js';
import { parseHaproxyStatsCsv } from './haproxy-stats.js';
import { NginxLogCounter, nginxAttributionLines } from './nginx-attribution.js';
import { buildNginxConfig } from './nginx-config.js';
import { BACKENDS, section } from './testing/config-sections.js';

/** Balancers supplying what a server without the reference contract does not: X-Replica-Id, counts, checks. */
const tuned = (probe: 'tcp' | 'mcp-discover') => {
  const r = resolveTuning('haproxy', undefined, probe);
  if (!r.supported) throw new Error(r.reason);
  return r.tuning;
};

describe('HAProxy attributing your own server', () => {
  it('names the replica (its server name) on every answer and serves its per-server counters', () => {
    const cfg = buildHaproxyConfig({ policy: 'sticky-session-id', backends: BACKENDS, runId: 'r', bind: { fd: 3 }, tuning: tuned('tcp'), backendTraits: { attribute: true, healthProbe: 'tcp' } });
    expect(section(cfg, 'frontend mcp')).toEqual(['bind fd@3', 'monitor-uri /-/lb-healthz', 'stats uri /-/lb-stats', 'default_backend replicas']);
    expect(section(cfg, 'backend replicas')).toContain('http-response set-header x-replica-id %[srv_name]');
    // A session-based server without a health endpoint: TCP checks (an initialize probe would open sessions).
    expect(cfg).not.toMatch(/^\s*option httpchk/m);
    expect(section(cfg, 'backend replicas').filter((l) => l.startsWith('server '))[0]).toBe('server r1 127.0.0.1:41001 check inter 2s fall 3 rise 2');
    expect(cfg).toContain('# Tuning: active checks by TCP connect every 2000 ms');
  });

  it('checks a 2026-07-28 server with an MCP server/discover POST', () => {
    const cfg = buildHaproxyConfig({ policy: 'round-robin', backends: BACKENDS, runId: 'r', bind: { fd: 3 }, tuning: tuned('mcp-discover'), backendTraits: { attribute: true, healthProbe: 'mcp-discover' } });
    const defaults = section(cfg, 'defaults');
    expect(defaults).toContain('option httpchk');
    const send = defaults.find((l) => l.startsWith('http-check send'));
    expect(send).toMatch(/^http-check send meth POST uri \/mcp ver HTTP\/1\.1 hdr host "127\.0\.0\.1" .*hdr mcp-method "server\/discover" body "\{\\"jsonrpc\\":\\"2\.0\\",\\"id\\":1,\\"method\\":\\"server\/discover\\"/);
    expect(defaults).toContain('http-check expect status 200');
  });

  it('leaves the reference servers’ configuration as it was', () => {
    const cfg = buildHaproxyConfig({ policy: 'round-robin', backends: BACKENDS, runId: 'r', bind: { fd: 3 } });
    expect(cfg).not.toContain('x-replica-id');
    expect(cfg).not.toContain('stats uri');
  });

  it('parses per-server response classes from the stats CSV, adding up a server listed in several backends', () => {
    const csv = [
      '# pxname,svname,qcur,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,req_tot',
      'mcp,FRONTEND,0,0,9,0,2,0,0,11',
      'pool_a,r1,0,0,3,0,1,0,0,4',
      'pool_b,r1,0,0,2,0,0,0,0,2',
      'pool_b,r2,0,0,4,0,0,1,0,5',
      'pool_b,BACKEND,0,0,6,0,0,1,0,7',
      '',
    ].join('\n');
    expect(parseHaproxyStatsCsv(csv)).toEqual({ r1: { '*': { '2xx': 5, '4xx': 1 } }, r2: { '*': { '2xx': 4, '5xx': 1 } } });
    expect(() => parseHaproxyStatsCsv('hello,world\n')).toThrow(/not an HAProxy stats CSV/);
  });
});

describe('nginx attributing your own server', () => {
  const containers = BACKENDS.map((b, i) => ({ ...b, host: `r${i + 1}`, address: `172.18.0.${i + 2}` }));

  it('maps the upstream address (a container alias by its IP) to the replica id and logs one line per answer', () => {
    const lines = nginxAttributionLines(containers, '/dev/stdout');
    expect(lines).toEqual(expect.arrayContaining(['map $upstream_addr $mcp_replica_id {', '    "172.18.0.2:41001" r1;', '    "172.18.0.4:41003" r3;', 'access_log /dev/stdout mcp_counts;']));
    const cfg = buildNginxConfig({ policy: 'round-robin', backends: BACKENDS, runId: 'r', listen: { host: '127.0.0.1', port: 8080 }, backendTraits: { attribute: true, healthProbe: 'tcp' } });
    expect(cfg).toContain('add_header x-replica-id $mcp_replica_id always;');
    expect(cfg).toContain('access_log mcp-access.log mcp_counts;');
    expect(cfg).not.toContain('access_log off;');
  });

  it('counts access-log lines by replica, JSON-RPC method (verb without a body) and status; the last address after retries', () => {
    const counter = new NginxLogCounter(BACKENDS);
    for (const line of [
      '127.0.0.1:41001\t200\tPOST\tinitialize',
      '127.0.0.1:41001\t202\tPOST\tnotifications/initialized',
      '127.0.0.1:41002\t200\tGET\t',
      '127.0.0.1:41003, 127.0.0.1:41002\t200\tPOST\ttools/call',
      '-\t502\tPOST\ttools/call',
      'garbage',
    ]) counter.add(line);
    expect(counter.snapshot()).toEqual({
      byReplica: { r1: { initialize: { '200': 1 }, 'notifications/initialized': { '202': 1 } }, r2: { GET: { '200': 1 }, 'tools/call': { '200': 1 } } },
      granularity: 'method-status',
      source: expect.stringContaining('nginx access log'),
    });
  });
});
