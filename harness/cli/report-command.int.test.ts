import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';

async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const cmd = nodeEntry('cli/cli-entry', args);
  const p = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: 'report-cli-test', env: { NO_COLOR: '1' } });
  const exit = await p.exited;
  return { code: exit.code, output: p.recentOutput() };
}

const scenario = `
name: reported
balancer: builtin
matrix: { model: stateless, policy: round-robin, replicas: 1 }
load: { executor: constant-arrival-rate, rate: 5, duration: 0.6s, warmup: 0s }
`;

describe('reports from the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-report-cli-'));
    await writeFile(path.join(dir, 'reported.yaml'), scenario);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('run writes report.html and report.md beside result.json, --no-report does not; report re-renders into --out', async () => {
    const results = path.join(dir, 'results');
    const run = await cli(['run', path.join(dir, 'reported.yaml'), '--results-dir', results, '--duration', '0.5s']);
    expect(run.code).toBe(0);
    const [runId] = await readdir(results);
    const runDir = path.join(results, runId as string);
    expect(existsSync(path.join(runDir, 'report.html'))).toBe(true);
    expect(existsSync(path.join(runDir, 'report.md'))).toBe(true);
    expect(run.output).toMatch(/report written: .*report\.html/);

    const quiet = await cli(['run', path.join(dir, 'reported.yaml'), '--results-dir', path.join(dir, 'results-quiet'), '--no-report']);
    expect(quiet.code).toBe(0);
    const [quietId] = await readdir(path.join(dir, 'results-quiet'));
    expect(await readdir(path.join(dir, 'results-quiet', quietId as string))).not.toContain('report.html');

    const out = path.join(dir, 'out');
    const report = await cli(['report', path.join(runDir, 'result.json'), '--out', out]);
    expect(report.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['charts', 'report.html', 'report.md']);
  });

  it('refuses a file that is not a result, exit 2, naming it', async () => {
    const bogus = path.join(dir, 'bogus.json');
    await writeFile(bogus, '{"hello": 1}');
    const r = await cli(['report', bogus]);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/bogus\.json: not a readable mcp-lb-bench result/);
  });
});
