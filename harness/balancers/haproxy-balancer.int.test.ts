import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesOfRun } from '../platform/reaper.js';
import { BALANCER_POLICIES } from './balancer.js';
import { HaproxyBalancer } from './haproxy-balancer.js';
import { buildHaproxyConfig, DEFAULT_HAPROXY_OPTIONS, haproxyPolicySupport } from './haproxy-config.js';

const availability = await new HaproxyBalancer().availability();
const skipReason = availability.available || process.env['CI'] === 'true' ? undefined : availability.reason;
const backends = [
  { id: 'r1', host: '127.0.0.1', port: 41001 },
  { id: 'r2', host: '127.0.0.1', port: 41002 },
];

describe.skipIf(skipReason !== undefined)(`haproxy binary${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lb-haproxy-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is available and reports its version', () => {
    expect(availability).toMatchObject({ available: true });
  });

  const variants = {
    defaults: DEFAULT_HAPROXY_OPTIONS,
    'retries, redispatch and health checks': { ...DEFAULT_HAPROXY_OPTIONS, retries: 2, redispatch: true, healthCheck: { path: '/-/healthz', intervalMs: 1000 } },
  };
  for (const policy of BALANCER_POLICIES.filter((p) => haproxyPolicySupport(p).supported)) {
    for (const [label, options] of Object.entries(variants)) {
      it(`accepts the generated ${policy} config (${label}) in \`haproxy -c\``, async () => {
        // -c does not bind, and an inherited descriptor is absent here: check with an address instead.
        const file = path.join(dir, `${policy}-${label.length}.cfg`);
        await writeFile(file, buildHaproxyConfig({ policy, backends, runId: 'check', bind: { host: '127.0.0.1', port: 18080 } }, options));
        const { stdout, stderr } = await promisify(execFile)((availability as { path: string }).path, ['-c', '-f', file]);
        expect(stdout + stderr).toContain('Configuration file is valid');
        expect(stdout + stderr).not.toMatch(/WARNING|ALERT/);
      });
    }
  }

  it('a config HAProxy refuses fails start() with its alert, and leaves nothing running', async () => {
    const impl = new HaproxyBalancer({ config: { maxConn: 100_000_000 } });
    const runId = `int-fail-${process.pid}`;
    const error = await impl.start({ policy: 'round-robin', backends, runId, workDir: path.join(dir, 'too-big') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_PROCESS_EXIT' });
    expect((error as { details: string[] }).details.join('\n')).toMatch(/ALERT/);
    expect(processesOfRun(runId)).toEqual([]);
  });

  it('refuses a policy it has no configuration for', async () => {
    await expect(new HaproxyBalancer().start({ policy: 'route-by-body', backends, runId: 'int', workDir: path.join(dir, 'rbb') })).rejects.toMatchObject({
      code: 'E_POLICY_UNSUPPORTED',
    });
  });
});
