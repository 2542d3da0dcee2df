import { describe, expect, it } from 'vitest';
import type { BalancerPolicy } from './balancer.js';
import { buildHaproxyConfig } from './haproxy-config.js';
import { BACKENDS, HEAVY_POOLS, section, tuningFor } from './testing/config-sections.js';

/** One renderer per policy: the exact lines each policy puts into haproxy.cfg. */
const OFF = tuningFor('haproxy', { healthCheck: 'off', retries: 0, redispatch: false });
const cfg = (policy: BalancerPolicy): string => buildHaproxyConfig({ policy, backends: BACKENDS, runId: 'r', bind: { fd: 3 }, pools: HEAVY_POOLS, tuning: OFF });
const servers = ['server r1 127.0.0.1:41001', 'server r2 127.0.0.1:41002', 'server r3 127.0.0.1:41003'];

describe('HAProxy policy renderers', () => {
  it('least-conn', () => {
    expect(section(cfg('least-conn'), 'backend replicas')).toEqual(['balance leastconn', ...servers]);
  });

  it('sticky-cookie: inserted SRV cookie, one value per server', () => {
    expect(section(cfg('sticky-cookie'), 'backend replicas')).toEqual([
      'balance roundrobin',
      'cookie SRV insert indirect nocache',
      ...servers.map((s, i) => `${s} cookie r${i + 1}`),
    ]);
  });

  it('sticky-session-id: learns the id from the response header, matches on the request header, round robin otherwise', () => {
    expect(section(cfg('sticky-session-id'), 'backend replicas')).toEqual([
      'balance roundrobin',
      'stick-table type string len 128 size 100000 expire 30m',
      'stick store-response res.hdr(mcp-session-id)',
      'stick match req.hdr(mcp-session-id)',
      ...servers,
    ]);
  });

  it('hash-session-id: consistent hash of the request header', () => {
    expect(section(cfg('hash-session-id'), 'backend replicas')).toEqual(['balance hdr(mcp-session-id)', 'hash-type consistent', ...servers]);
  });

  it('client-ip: map-based source hash', () => {
    expect(section(cfg('client-ip'), 'backend replicas')).toEqual(['balance source', ...servers]);
  });

  it('route-by-header: use_backend on Mcp-Method and Mcp-Name, one backend per pool', () => {
    const c = cfg('route-by-header');
    expect(section(c, 'frontend mcp')).toEqual([
      'bind fd@3',
      'monitor-uri /-/lb-healthz',
      'use_backend pool_heavy if { req.hdr(mcp-method) -m str tools/call } { req.hdr(mcp-name) -m str work }',
      'default_backend pool_default',
    ]);
    expect(section(c, 'backend pool_heavy')).toEqual(['balance roundrobin', 'server r1 127.0.0.1:41001']);
    expect(section(c, 'backend pool_default')).toEqual(['balance roundrobin', 'server r2 127.0.0.1:41002', 'server r3 127.0.0.1:41003']);
  });

  it('route-by-body: buffers the body and reads method and tool with json_query', () => {
    const c = cfg('route-by-body');
    expect(section(c, 'frontend mcp')).toEqual([
      'bind fd@3',
      'monitor-uri /-/lb-healthz',
      'option http-buffer-request',
      "http-request set-var(txn.mcp_method) req.body,json_query('$.method')",
      "http-request set-var(txn.mcp_tool) req.body,json_query('$.params.name')",
      'use_backend pool_heavy if { var(txn.mcp_method) -m str tools/call } { var(txn.mcp_tool) -m str work }',
      'default_backend pool_default',
    ]);
    expect(section(c, 'backend pool_heavy')).toEqual(['balance roundrobin', 'server r1 127.0.0.1:41001']);
  });

  it('route-by-task-owner: tasks/* requests to the server their task id names, round robin otherwise', () => {
    const c = cfg('route-by-task-owner');
    expect(section(c, 'backend replicas')).toEqual([
      'balance roundrobin',
      'acl mcp_task_request req.hdr(mcp-method) -m beg tasks/',
      'use-server r1 if mcp_task_request { req.hdr(mcp-name) -m beg r1. }',
      'use-server r2 if mcp_task_request { req.hdr(mcp-name) -m beg r2. }',
      'use-server r3 if mcp_task_request { req.hdr(mcp-name) -m beg r3. }',
      ...servers,
    ]);
    // routing happens inside the one backend: nothing in the frontend but the default
    expect(section(c, 'frontend mcp')).toEqual(['bind fd@3', 'monitor-uri /-/lb-healthz', 'default_backend replicas']);
  });

  it('route-by-task-owner: r1 and r10 are told apart by the separator', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ id: `r${i + 1}`, host: '127.0.0.1', port: 41001 + i }));
    const lines = section(buildHaproxyConfig({ policy: 'route-by-task-owner', backends: ten, runId: 'r', bind: { fd: 3 }, tuning: OFF }), 'backend replicas');
    expect(lines.filter((l) => l.startsWith('use-server'))).toHaveLength(10);
    expect(lines).toContain('use-server r10 if mcp_task_request { req.hdr(mcp-name) -m beg r10. }');
  });

  it('route-by-* without pools: one default pool of every replica', () => {
    const c = buildHaproxyConfig({ policy: 'route-by-header', backends: BACKENDS, runId: 'r', bind: { fd: 3 }, tuning: OFF });
    expect(section(c, 'frontend mcp')).toEqual(['bind fd@3', 'monitor-uri /-/lb-healthz', 'default_backend pool_default']);
    expect(section(c, 'backend pool_default')).toEqual(['balance roundrobin', ...servers]);
  });

  it('a pool of several tools matches any of them', () => {
    const pools = [{ name: 'slow', backendIds: ['r1'], tools: ['work', 'sleep'] }, { name: 'default', backendIds: ['r2', 'r3'], tools: [] }];
    const c = buildHaproxyConfig({ policy: 'route-by-header', backends: BACKENDS, runId: 'r', bind: { fd: 3 }, pools, tuning: OFF });
    expect(section(c, 'frontend mcp')).toContain('use_backend pool_slow if { req.hdr(mcp-method) -m str tools/call } { req.hdr(mcp-name) -m str work sleep }');
  });
});
