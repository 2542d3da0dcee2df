import { describe, expect, it } from 'vitest';
import { BALANCER_POLICIES, type BalancerPolicy } from './balancer.js';
import { buildNginxConfig } from './nginx-config.js';
import { nginxPolicySupport } from './nginx-policies.js';
import { BACKENDS, HEAVY_POOLS, section, tuningFor } from './testing/config-sections.js';

/** One renderer per policy: the exact lines each policy puts into nginx.conf. */
const OFF = tuningFor('nginx', { healthCheck: 'off', retries: 0, redispatch: 'default' });
const cfg = (policy: BalancerPolicy): string => buildNginxConfig({ policy, backends: BACKENDS, runId: 'r', listen: { host: '127.0.0.1', port: 40123 }, pools: HEAVY_POOLS, tuning: OFF });
const servers = ['server 127.0.0.1:41001 max_fails=0;', 'server 127.0.0.1:41002 max_fails=0;', 'server 127.0.0.1:41003 max_fails=0;'];
const location = (c: string): string[] => section(c, 'location / {');

describe('nginx policy renderers', () => {
  it('least-conn', () => {
    expect(section(cfg('least-conn'), 'upstream replicas {')).toEqual(['least_conn;', ...servers, 'keepalive 64;']);
  });

  it('hash-session-id: consistent hash of the request header', () => {
    expect(section(cfg('hash-session-id'), 'upstream replicas {')).toEqual(['hash $http_mcp_session_id consistent;', ...servers, 'keepalive 64;']);
  });

  it('client-ip: a hash of the whole address, not ip_hash (first three octets)', () => {
    const c = cfg('client-ip');
    expect(section(c, 'upstream replicas {')).toEqual(['hash $remote_addr consistent;', ...servers, 'keepalive 64;']);
    expect(c).not.toMatch(/^\s*ip_hash/m);
  });

  it('sticky-cookie: cookie picks the replica\'s own upstream; otherwise round robin and Set-Cookie of who answered', () => {
    const c = cfg('sticky-cookie');
    expect(section(c, 'map $cookie_SRV $mcp_cookie_upstream {')).toEqual(['r1 srv_r1;', 'r2 srv_r2;', 'r3 srv_r3;', 'default replicas;']);
    expect(section(c, 'map $upstream_addr $mcp_served_cookie {')).toEqual([
      '127.0.0.1:41001 "SRV=r1; path=/";',
      '127.0.0.1:41002 "SRV=r2; path=/";',
      '127.0.0.1:41003 "SRV=r3; path=/";',
      'default "";',
    ]);
    expect(section(c, 'map $cookie_SRV $mcp_set_cookie {')).toEqual(['r1 "";', 'r2 "";', 'r3 "";', 'default $mcp_served_cookie;']);
    expect(section(c, 'upstream srv_r2 {')).toEqual(['server 127.0.0.1:41002 max_fails=0;', 'keepalive 64;']);
    expect(location(c)).toEqual(['add_header Set-Cookie $mcp_set_cookie always;', 'proxy_pass http://$mcp_cookie_upstream;']);
  });

  it('route-by-header: map of Mcp-Method:Mcp-Name to a pool upstream', () => {
    const c = cfg('route-by-header');
    expect(section(c, 'map "$http_mcp_method:$http_mcp_name" $mcp_pool {')).toEqual(['"tools/call:work" pool_heavy;', 'default pool_default;']);
    expect(section(c, 'upstream pool_heavy {')).toEqual(['server 127.0.0.1:41001 max_fails=0;', 'keepalive 64;']);
    expect(section(c, 'upstream pool_default {')).toEqual(['server 127.0.0.1:41002 max_fails=0;', 'server 127.0.0.1:41003 max_fails=0;', 'keepalive 64;']);
    expect(location(c)).toEqual(['proxy_pass http://$mcp_pool;']);
  });

  it('route-by-body: the body read early by a mirror, regular expressions over it, then the pool map', () => {
    const c = cfg('route-by-body');
    expect(section(c, 'map $request_body $mcp_body_method {')).toEqual(['"~\\"method\\"\\s*:\\s*\\"(?<mcp_m>[^\\"]*)\\"" $mcp_m;', 'default "";']);
    expect(section(c, 'map $request_body $mcp_body_tool {')).toEqual(['"~\\"name\\"\\s*:\\s*\\"(?<mcp_t>[^\\"]*)\\"" $mcp_t;', 'default "";']);
    expect(section(c, 'map "$mcp_body_method:$mcp_body_tool" $mcp_pool {')).toEqual(['"tools/call:work" pool_heavy;', 'default pool_default;']);
    expect(location(c)).toEqual([
      'client_body_buffer_size 1m;',
      'client_body_in_single_buffer on;',
      'mirror /-/lb-read-body;',
      'mirror_request_body on;',
      'proxy_pass http://$mcp_pool;',
    ]);
    expect(section(c, 'location = /-/lb-read-body {')).toEqual(['internal;', 'return 204;']);
  });

  it('route-by-task-owner: tasks/* with a task id of rK -> rK\'s own upstream, anything else -> round robin', () => {
    const c = cfg('route-by-task-owner');
    expect(section(c, 'map $http_mcp_method $mcp_task_request {')).toEqual(['~^tasks/ 1;', 'default 0;']);
    expect(section(c, 'map "$mcp_task_request:$http_mcp_name" $mcp_task_upstream {')).toEqual([
      '~^1:r1\\. srv_r1;',
      '~^1:r2\\. srv_r2;',
      '~^1:r3\\. srv_r3;',
      'default replicas;',
    ]);
    expect(section(c, 'upstream replicas {')).toEqual([...servers, 'keepalive 64;']);
    for (const [i, s] of servers.entries()) expect(section(c, `upstream srv_r${i + 1} {`)).toEqual([s, 'keepalive 64;']);
    expect(location(c)).toEqual(['proxy_pass http://$mcp_task_upstream;']);
    // no pools for this policy, whatever the cell passes
    expect(c).not.toContain('pool_');
  });
});

describe('nginxPolicySupport', () => {
  it('supports every policy but sticky-session-id, and says why', () => {
    expect(BALANCER_POLICIES.filter((p) => !nginxPolicySupport(p).supported)).toEqual(['sticky-session-id']);
    expect(nginxPolicySupport('sticky-session-id')).toMatchObject({ reason: expect.stringMatching(/NGINX Plus/) });
  });
});
