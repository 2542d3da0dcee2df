import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { requireTool } from '../testing/requirements.js';

const nginx = requireTool('nginx', ['/usr/sbin/nginx', '/usr/local/sbin/nginx']);

async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const cmd = nodeEntry('cli/cli-entry', args);
  const p = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: 'cli-errors-test', env: { NO_COLOR: '1' } });
  const exit = await p.exited;
  return { code: exit.code, output: p.recentOutput() };
}

describe('the CLI on bad input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-cli-'));
    await writeFile(
      path.join(dir, 'broken.yaml'),
      'name: broken\nmatrix: { model: legacy, policy: [round-robin, stiky], replicas: 3 }\nload: { executor: constant-arrival-rate, rate: -5, duration: 1s, ratee: 1 }\n',
    );
    await writeFile(path.join(dir, 'ok.yaml'), 'name: ok\nmatrix: { model: legacy, policy: sticky-session-id, replicas: 3 }\nload: { executor: constant-arrival-rate, rate: 5, duration: 1s, warmup: 0 }\n');
    await writeFile(path.join(dir, 'mixed.yaml'), 'name: mixed\nmatrix: { model: stateless, policy: [round-robin, sticky-session-id], replicas: 2 }\nload: { executor: constant-arrival-rate, rate: 5, duration: 0.5s, warmup: 0 }\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lists every problem of a malformed scenario with its path, exits 2, and writes no results', async () => {
    const results = path.join(dir, 'results-broken');
    const { code, output } = await cli(['run', path.join(dir, 'broken.yaml'), '--results-dir', results]);
    expect(code).toBe(2);
    expect(output).toMatch(/matrix\.policy\[1\]: unknown policy "stiky"/);
    expect(output).toMatch(/load\.rate: must be > 0/);
    expect(output).toMatch(/load\.ratee: unknown key .* did you mean "rate"/);
    expect(existsSync(results)).toBe(false);
  });

  it.skipIf(nginx.skip)(`refuses a policy the requested balancer cannot express, naming the alternatives, exit 3 ${nginx.reason}`, async () => {
    const { code, output } = await cli(['run', path.join(dir, 'ok.yaml'), '--balancer', 'nginx', '--results-dir', path.join(dir, 'results-nginx')]);
    expect(code).toBe(3);
    expect(output).toMatch(/cannot run policy "sticky-session-id"/);
    expect(output).toMatch(/haproxy/);
    expect(output).toMatch(/doctor/);
  });

  it.skipIf(nginx.skip)(`runs the cells a balancer can express and shows the others as not run; exit 3 only with --strict ${nginx.reason}`, async () => {
    const lenient = await cli(['run', path.join(dir, 'mixed.yaml'), '--balancer', 'nginx', '--results-dir', path.join(dir, 'results-mixed')]);
    expect(lenient.code).toBe(0);
    expect(lenient.output).toMatch(/stateless\.sticky-session-id\.r2: not run — balancer "nginx" was requested but cannot run policy "sticky-session-id"/);
    expect(lenient.output).toMatch(/│ stateless[^│]*│ round-robin +│ nginx +│ 2 +│ \d+\/\d+\/\d+ /);
    const strict = await cli(['run', path.join(dir, 'mixed.yaml'), '--balancer', 'nginx', '--strict', '--results-dir', path.join(dir, 'results-mixed-strict')]);
    expect(strict.code).toBe(3);
    expect(strict.output).toMatch(/--strict: .* cell\(s\) whose numbers cannot be trusted/);
  });
});
