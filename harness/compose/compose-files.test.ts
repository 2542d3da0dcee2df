import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { harnessVersion } from '../results/environment-info.js';
import { composeFile, composeFileName, composeHaproxyConfig, haproxyConfigFileName, HEADLINE_TOPOLOGIES } from './compose-files.js';

const dir = fileURLToPath(new URL('../../compose/', import.meta.url));

interface Service {
  image: string;
  command: string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: string[];
}

describe.each(HEADLINE_TOPOLOGIES)('compose/$name', (t) => {
  it(`${composeFileName(t)} and ${haproxyConfigFileName(t)} are what the generator writes (else run: npm run compose)`, () => {
    expect(readFileSync(dir + composeFileName(t), 'utf8')).toBe(composeFile(t, harnessVersion()));
    expect(readFileSync(dir + haproxyConfigFileName(t), 'utf8')).toBe(composeHaproxyConfig(t));
  });

  const doc = parse(composeFile(t, '9.9.9')) as { services: Record<string, Service> };

  it('runs N replicas of the model and one HAProxy with the config beside the file', () => {
    expect(Object.keys(doc.services)).toEqual(['r1', 'r2', 'r3', 'balancer']);
    expect(doc.services['r2']).toMatchObject({ image: 'mcp-lb-bench/replica:9.9.9' });
    expect(doc.services['r2']?.command.slice(0, 4)).toEqual(['--model', t.model, '--id', 'r2']);
    expect(doc.services['balancer']?.volumes).toEqual([`./${haproxyConfigFileName(t)}:/usr/local/etc/haproxy/haproxy.cfg:ro`]);
    expect(doc.services['balancer']?.depends_on).toEqual(['r1', 'r2', 'r3']);
  });

  it('publishes on 127.0.0.1 only (balancer on 8080 by default, replicas on ephemeral ports)', () => {
    for (const service of Object.values(doc.services)) for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    expect(doc.services['balancer']?.ports).toEqual(['127.0.0.1:${MCP_LB_BENCH_PORT-8080}:8080']);
  });

  it('the HAProxy config addresses replicas by service name and applies the policy', () => {
    const cfg = composeHaproxyConfig(t);
    for (const id of ['r1', 'r2', 'r3']) expect(cfg).toMatch(new RegExp(`server ${id} ${id}:8080`));
    expect(cfg).toContain('bind 0.0.0.0:8080');
    expect(cfg.includes('stick match req.hdr(mcp-session-id)')).toBe(t.policy === 'sticky-session-id');
  });
});
