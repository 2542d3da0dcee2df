import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../results/result-types.js';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { labelledProcesses } from '../proc/reaper.js';
import { waitFor } from '../proc/wait-for.js';

const scenario = `
name: interrupt
balancer: builtin
matrix: { model: [legacy, stateless], policy: round-robin, replicas: 3 }
load: { executor: constant-arrival-rate, rate: 20, duration: 30s, warmup: 200ms }
workload: { callsPerSession: 3, thinkTime: 20ms }
`;

describe('Ctrl-C in the middle of a run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-sigint-'));
    await writeFile(path.join(dir, 'interrupt.yaml'), scenario);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s tears down every replica and balancer and still writes the partial results', async (sig) => {
    const resultsDir = path.join(dir, sig);
    const cmd = nodeEntry('cli/cli-entry', ['run', path.join(dir, 'interrupt.yaml'), '--results-dir', resultsDir]);
    const cli = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: `test-${sig}` });
    // Progress lines name the phase; interrupt once load is flowing through the first cell.
    await cli.waitForLine((l) => (l.includes('measuring') ? l : undefined), 30_000);
    // Run from sources, every child also has an esbuild helper (tsx); count the harness's own processes.
    const harnessChildren = () => labelledProcesses().filter((p) => p.ownerPid === cli.pid && /replica-main|balancer-main|haproxy/.test(p.cmdline));
    const children = await waitFor(() => {
      const mine = harnessChildren();
      return mine.length >= 4 ? mine : undefined;
    }, { timeoutMs: 5000, what: 'the CLI children to be visible' });
    expect(children.length).toBe(4); // 3 replicas + 1 balancer

    cli.signal(sig);
    const exit = await cli.exited;
    expect(exit.code).toBe(sig === 'SIGINT' ? 130 : 143);
    // The CLI waited for its children to exit before it exited itself.
    expect(harnessChildren()).toEqual([]);
    for (const child of children) expect(() => process.kill(child.pid, 0)).toThrow();
    // Helpers of those children (esbuild under tsx) go with them; give the OS a moment to reap them.
    await waitFor(() => labelledProcesses().filter((p) => p.ownerPid === cli.pid).length === 0, { timeoutMs: 5000, what: 'every process labelled with the CLI as owner to exit' });

    const [runId] = await readdir(resultsDir);
    const files = await readdir(path.join(resultsDir, runId as string));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const result = JSON.parse(await readFile(path.join(resultsDir, runId as string, 'result.json'), 'utf8')) as RunResult;
    expect(result.status).toBe('interrupted');
    expect(result.cells).toHaveLength(1);
    expect(result.cells[0]?.status).toBe('interrupted');
    expect(result.cells[0]?.metrics?.sessions.started).toBeGreaterThan(0);
  });
});
