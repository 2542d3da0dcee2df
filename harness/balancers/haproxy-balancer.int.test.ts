import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesOfRun } from '../proc/reaper.js';
import { BALANCER_POLICIES } from './balancer.js';
import { HaproxyBalancer } from './haproxy-balancer.js';
import { DEFAULT_TUNING_REQUEST } from './balancer-tuning.js';
import { buildHaproxyConfig, DEFAULT_HAPROXY_OPTIONS, haproxyPolicySupport } from './haproxy-config.js';
import { tuningFor } from './testing/config-sections.js';

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
    defaults: tuningFor('haproxy', DEFAULT_TUNING_REQUEST),
    'no checks, no retries': tuningFor('haproxy', { healthCheck: 'off', retries: 0, redispatch: false }),
    'explicit checks, retries and redispatch': tuningFor('haproxy', { healthCheck: { intervalMs: 1000, fall: 2, rise: 1 }, retries: 2, redispatch: true }),
  };
  for (const policy of BALANCER_POLICIES.filter((p) => haproxyPolicySupport(p).supported)) {
    for (const [label, tuning] of Object.entries(variants)) {
      it(`accepts the generated ${policy} config (${label}) in \`haproxy -c\``, async () => {
        // -c does not bind, and an inherited descriptor is absent here: check with an address instead.
        const file = path.join(dir, `${policy}-${label.length}.cfg`);
        const pools = [{ name: 'heavy', backendIds: ['r1'], tools: ['work', 'sleep'] }, { name: 'default', backendIds: ['r2'], tools: [] }];
        await writeFile(file, buildHaproxyConfig({ policy, backends, runId: 'check', bind: { host: '127.0.0.1', port: 18080 }, pools, tuning }, DEFAULT_HAPROXY_OPTIONS));
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
});
