import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEntry } from '../proc/node-entry.js';
import { processesOfRun } from '../proc/reaper.js';
import { BuiltinBalancer } from './builtin-balancer.js';
import { defaultBuiltinBalancerConfig, type BuiltinReadyLine } from './builtin-balancer-config.js';
import { withDeadline } from './testing/test-http.js';

describe('builtin balancer process', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lb-builtin-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits when its stdin closes (the lifeline to a harness that died)', async () => {
    const configFile = path.join(dir, 'lifeline.json');
    await writeFile(configFile, JSON.stringify(defaultBuiltinBalancerConfig('round-robin', [{ id: 'r1', host: '127.0.0.1', port: 9 }])));
    const entry = nodeEntry('balancers/builtin-balancer-main', ['--config', configFile]);
    // Spawned directly (not via startProcess) because this test needs the stdin pipe itself.
    const child = spawn(entry.command, [...entry.args], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      const ready = new Promise<BuiltinReadyLine>((resolve) => {
        child.stdout.on('data', (c: string) => {
          out += c;
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as BuiltinReadyLine);
        });
      });
      const line = await withDeadline(ready, 15_000, 'ready line');
      expect(line).toMatchObject({ event: 'ready', pid: child.pid });
      expect(line.port).toBeGreaterThan(0);
      child.stdin.end();
      const [code] = (await withDeadline(once(child, 'exit'), 5_000, 'exit after stdin closed')) as [number | null];
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a config it cannot use fails start() with the process exit and its message', async () => {
    const impl = new BuiltinBalancer({ proxy: { connectTimeoutMs: -1 } });
    const runId = `int-fail-${process.pid}`;
    const error = await impl
      .start({ policy: 'round-robin', backends: [{ id: 'r1', host: '127.0.0.1', port: 9 }], runId, workDir: path.join(dir, 'bad') })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_PROCESS_EXIT' });
    expect((error as { details: string[] }).details.join('\n')).toContain('proxy.connectTimeoutMs must be a positive integer');
    expect(processesOfRun(runId)).toEqual([]);
  });

  it('refuses tuning it cannot express (active health checks) before starting anything', async () => {
    const runId = `int-builtin-hc-${process.pid}`;
    await expect(
      new BuiltinBalancer().start({
        policy: 'least-conn',
        backends: [{ id: 'r1', host: '127.0.0.1', port: 9 }],
        runId,
        workDir: path.join(dir, 'lc'),
        tuning: { healthCheck: { intervalMs: 1000, fall: 3, rise: 2 }, retries: 'default', redispatch: 'default' },
      }),
    ).rejects.toMatchObject({ code: 'E_POLICY_UNSUPPORTED', message: expect.stringMatching(/no active health checks/) });
    expect(processesOfRun(runId)).toEqual([]);
  });
});
