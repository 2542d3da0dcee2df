import { describe, expect, it } from 'vitest';
import { buildNginxConfig, DEFAULT_NGINX_OPTIONS, seconds, type NginxConfigInput } from './nginx-config.js';
import { BACKENDS, section, tuningFor } from './testing/config-sections.js';

const input = (over: Partial<NginxConfigInput> = {}): NginxConfigInput => ({ policy: 'round-robin', backends: BACKENDS, runId: 'run-1', listen: { host: '127.0.0.1', port: 40123 }, ...over });

describe('buildNginxConfig', () => {
  it('runs unprivileged from its prefix: foreground master + one worker, pid, logs and temp paths relative', () => {
    const cfg = buildNginxConfig(input());
    const top = cfg.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith(' ') && l !== 'http {' && l !== '}');
    expect(top).toEqual(['daemon off;', 'master_process on;', 'worker_processes 1;', 'pid nginx.pid;', 'error_log nginx-error.log warn;', 'events { worker_connections 4096; }']);
    expect(section(cfg, 'http {')).toEqual(
      expect.arrayContaining(['access_log off;', 'client_body_temp_path client_body_temp;', 'proxy_temp_path proxy_temp;', 'fastcgi_temp_path fastcgi_temp;', 'uwsgi_temp_path uwsgi_temp;', 'scgi_temp_path scgi_temp;']),
    );
    expect(cfg).not.toMatch(/^[^#]*\s\/(var|run|etc)\//m);
  });

  it('streams SSE and keeps connections alive on both sides, with idle-stream timeouts', () => {
    expect(section(buildNginxConfig(input()), 'http {')).toEqual(
      expect.arrayContaining([
        'proxy_buffering off;',
        'proxy_http_version 1.1;',
        'proxy_set_header Connection "";',
        'proxy_read_timeout 3600s;',
        'proxy_send_timeout 3600s;',
        'proxy_connect_timeout 5s;',
        'keepalive_timeout 60s;',
        'keepalive_requests 1000000;',
        `client_max_body_size ${4 * 1024 * 1024};`,
      ]),
    );
  });

  it('round-robin: one upstream, upstream keep-alive, listen on the given address, its own health location', () => {
    const cfg = buildNginxConfig(input());
    expect(section(cfg, 'upstream replicas {')).toEqual([
      'server 127.0.0.1:41001 max_fails=1 fail_timeout=10s;',
      'server 127.0.0.1:41002 max_fails=1 fail_timeout=10s;',
      'server 127.0.0.1:41003 max_fails=1 fail_timeout=10s;',
      'keepalive 64;',
    ]);
    expect(section(cfg, 'server {')).toEqual([
      'listen 127.0.0.1:40123;',
      'location = /-/lb-healthz {',
      'default_type text/plain;',
      'return 200 "ok\\n";',
      '}',
      'location / {',
      'proxy_pass http://replicas;',
      '}',
    ]);
  });

  it("defaults: nginx's passive checks and retry on the next server, every server once", () => {
    const cfg = buildNginxConfig(input());
    expect(section(cfg, 'http {')).toEqual(expect.arrayContaining(['proxy_next_upstream error timeout;', 'proxy_next_upstream_tries 0;']));
    expect(cfg).toContain('# Tuning: passive checks (max_fails 1, fail_timeout 10000 ms); retries every-replica; redispatch.');
  });

  it('explicit tuning: checks off, retries counted as tries', () => {
    const cfg = buildNginxConfig(input({ tuning: tuningFor('nginx', { healthCheck: 'off', retries: 2, redispatch: 'default' }) }));
    expect(section(cfg, 'http {')).toEqual(expect.arrayContaining(['proxy_next_upstream error timeout;', 'proxy_next_upstream_tries 3;']));
    expect(section(cfg, 'upstream replicas {')[0]).toBe('server 127.0.0.1:41001 max_fails=0;');
    const none = buildNginxConfig(input({ tuning: tuningFor('nginx', { healthCheck: 'default', retries: 0, redispatch: false }) }));
    expect(section(none, 'http {')).toContain('proxy_next_upstream off;');
  });

  it('refuses sticky-session-id, which open-source nginx cannot express', () => {
    expect(() => buildNginxConfig(input({ policy: 'sticky-session-id' }))).toThrow(expect.objectContaining({ code: 'E_POLICY_UNSUPPORTED' }));
  });

  it('lists every problem in the input', () => {
    let error: unknown;
    try {
      buildNginxConfig(input({ backends: [{ id: 'r 1', host: 'h;x', port: 0 }, { id: 'r 1', host: '127.0.0.1', port: 1 }], pools: [{ name: 'p', backendIds: [], tools: [] }] }));
    } catch (e) {
      error = e;
    }
    expect((error as { details: string[] }).details).toEqual([
      'backend id "r 1" must be letters, digits, - and _',
      'backend r 1: port 0 is out of range',
      'backend r 1: host "h;x" is not a plain address',
      'backend id "r 1" must be letters, digits, - and _',
      'backend id "r 1" is used twice',
      'pool "p" has no replicas',
    ]);
  });

  it('is deterministic and uses whole seconds where exact', () => {
    expect(buildNginxConfig(input())).toBe(buildNginxConfig(input()));
    expect([seconds(5_000), seconds(1_500)]).toEqual(['5s', '1500ms']);
    expect(DEFAULT_NGINX_OPTIONS.workerConnections).toBeGreaterThan(1000);
  });
});
