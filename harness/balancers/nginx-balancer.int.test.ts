import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesOfRun } from '../proc/reaper.js';
import { BALANCER_POLICIES } from './balancer.js';
import { DEFAULT_TUNING_REQUEST } from './balancer-tuning.js';
import { NginxBalancer } from './nginx-balancer.js';
import { buildNginxConfig, NGINX_ERROR_LOG } from './nginx-config.js';
import { nginxPolicySupport } from './nginx-policies.js';
import { childPids, processTitle } from '../proc/process-tree.js';
import { tuningFor } from './testing/config-sections.js';
import { pidAlive } from './testing/balancer-targets.js';
import { probeLbHealth } from './lb-health.js';

const availability = await new NginxBalancer().availability();
const skipReason = availability.available || process.env['CI'] === 'true' ? undefined : availability.reason;
const backends = [
  { id: 'r1', host: '127.0.0.1', port: 41001 },
  { id: 'r2', host: '127.0.0.1', port: 41002 },
];
const pools = [{ name: 'heavy', backendIds: ['r1'], tools: ['work', 'sleep'] }, { name: 'default', backendIds: ['r2'], tools: [] }];

describe.skipIf(skipReason !== undefined)(`nginx binary${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lb-nginx-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is available and reports its version', () => {
    expect(availability).toMatchObject({ available: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  const variants = {
    defaults: tuningFor('nginx', DEFAULT_TUNING_REQUEST),
    'no checks, no retries': tuningFor('nginx', { healthCheck: 'off', retries: 0, redispatch: false }),
    'two retries': tuningFor('nginx', { healthCheck: 'default', retries: 2, redispatch: true }),
  };
  for (const policy of BALANCER_POLICIES.filter((p) => nginxPolicySupport(p).supported)) {
    for (const [label, tuning] of Object.entries(variants)) {
      it(`accepts the generated ${policy} config (${label}) in \`nginx -t\``, async () => {
        // -t parses and checks, it does not bind: any port will do.
        const prefix = path.join(dir, `${policy}-${label.length}`) + '/';
        const file = path.join(dir, `${policy}-${label.length}.conf`);
        await writeFile(file, buildNginxConfig({ policy, backends, runId: 'check', listen: { host: '127.0.0.1', port: 18080 }, pools, tuning }));
        await promisify(execFile)('mkdir', ['-p', prefix]);
        const { stdout, stderr } = await promisify(execFile)((availability as { path: string }).path, ['-t', '-p', prefix, '-c', file]);
        expect(stdout + stderr).toContain('test is successful');
        expect(stdout + stderr).not.toMatch(/\[(warn|emerg|alert|crit)\]/);
      });
    }
  }

  it('serves on the inherited socket as master + worker, labelled for the reaper, and stop() leaves nothing', async () => {
    const runId = `int-nginx-${process.pid}`;
    const lb = await new NginxBalancer().start({ policy: 'round-robin', backends, runId, workDir: path.join(dir, 'run') });
    expect(await probeLbHealth(lb.url)).toBe(true);
    const pids = lb.processIds!();
    expect(pids).toHaveLength(2);
    expect(processTitle(pids[0]!)).toMatch(/^nginx: master process/);
    expect(processTitle(pids[1]!)).toBe('nginx: worker process');
    expect(processesOfRun(runId).map((p) => p.pid)).toContain(lb.pid);
    expect(await readFile(path.join(dir, 'run', 'nginx.pid'), 'utf8')).toBe(`${lb.pid}\n`);
    await lb.stop();
    expect(pids.map(pidAlive)).toEqual([false, false]);
    expect(childPids(lb.pid)).toEqual([]);
  });

  it('a config nginx refuses fails start() with its message, and leaves nothing running', async () => {
    const impl = new NginxBalancer({ config: { workerConnections: 0 } });
    const runId = `int-nginx-fail-${process.pid}`;
    const error = await impl.start({ policy: 'round-robin', backends, runId, workDir: path.join(dir, 'bad') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_PROCESS_EXIT' });
    expect((error as { details: string[] }).details.join('\n')).toMatch(/emerg/);
    expect(processesOfRun(runId)).toEqual([]);
  });

  it('keeps its error log (warnings and worse) in the work folder', async () => {
    // Both replicas are down: the request fails, and nginx says why in its own log.
    const lb = await new NginxBalancer().start({ policy: 'round-robin', backends, runId: `int-nginx-log-${process.pid}`, workDir: path.join(dir, 'log') });
    const res = await fetch(`${lb.url}/mcp`, { method: 'POST', body: '{}' });
    await lb.stop();
    expect(res.status).toBe(502);
    expect(await readFile(path.join(dir, 'log', NGINX_ERROR_LOG), 'utf8')).toMatch(/\[error\].*connect\(\) failed/);
  });

  it('refuses sticky-session-id and active health checks with the reason', async () => {
    const impl = new NginxBalancer();
    await expect(impl.start({ policy: 'sticky-session-id', backends, runId: 'x', workDir: path.join(dir, 'ssi') })).rejects.toMatchObject({ code: 'E_POLICY_UNSUPPORTED' });
    expect(impl.supportsTuning({ healthCheck: { intervalMs: 1000, fall: 3, rise: 2 }, retries: 'default', redispatch: 'default' })).toMatchObject({ supported: false, reason: expect.stringMatching(/NGINX Plus/) });
    expect(impl.supportsTuning({ healthCheck: 'default', retries: 2, redispatch: false })).toMatchObject({ supported: false, reason: expect.stringMatching(/next server/) });
  });
});
