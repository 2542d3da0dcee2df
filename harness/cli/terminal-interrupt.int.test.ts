import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../results/result-types.js';
import { OWNER_PID_ENV, RUN_ID_ENV, StartedProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { labelledProcesses } from '../proc/reaper.js';
import { waitFor } from '../proc/wait-for.js';

const scenario = `
name: terminal-interrupt
balancer: builtin
matrix: { model: stateless, policy: round-robin, replicas: 2 }
load: { executor: constant-arrival-rate, rate: 20, duration: 30s, warmup: 200ms }
workload: { callsPerSession: 3, thinkTime: 20ms }
`;

/**
 * Ctrl-C in a terminal is not a signal to the harness alone: the kernel sends SIGINT to the whole
 * foreground process group. Started from a shell, the harness leads its own group (the shell's job),
 * so the test starts it the same way and signals the group, as the terminal would.
 */
describe('Ctrl-C typed in a terminal (SIGINT to the foreground process group)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-tty-sigint-'));
    await writeFile(path.join(dir, 'terminal-interrupt.yaml'), scenario);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches only the harness: the cell is recorded as interrupted by SIGINT, not as unreadable replicas', async () => {
    const resultsDir = path.join(dir, 'results');
    const cmd = nodeEntry('cli/cli-entry', ['run', path.join(dir, 'terminal-interrupt.yaml'), '--results-dir', resultsDir]);
    const child = spawn(cmd.command, [...cmd.args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', [RUN_ID_ENV]: 'test-terminal-sigint', [OWNER_PID_ENV]: String(process.pid) },
    });
    await once(child, 'spawn');
    const cli = new StartedProcess(child, 'mcp-lb-bench cli');
    try {
      await cli.waitForLine((l) => (l.includes('measuring') ? l : undefined), 60_000);
      const harnessChildren = () => labelledProcesses().filter((p) => p.ownerPid === cli.pid && /replica-main|balancer-main/.test(p.cmdline));
      await waitFor(() => harnessChildren().length >= 3 || undefined, { timeoutMs: 5000, what: 'the CLI children to be visible' });

      process.kill(-cli.pid, 'SIGINT');
      const exit = await cli.exited;
      expect(exit.code).toBe(130);
      // The harness stopped its children itself, in order, before it exited.
      expect(harnessChildren()).toEqual([]);
    } finally {
      if (!cli.hasExited) process.kill(-cli.pid, 'SIGKILL');
    }

    const [runId] = await readdir(resultsDir);
    const result = JSON.parse(await readFile(path.join(resultsDir, runId as string, 'result.json'), 'utf8')) as RunResult;
    expect(result.status).toBe('interrupted');
    expect(result.cells).toHaveLength(1);
    const cell = result.cells[0]!;
    expect({ status: cell.status, error: cell.error?.message }).toEqual({ status: 'interrupted', error: cell.error ? 'interrupted by SIGINT' : undefined });
    expect(cell.metrics?.sessions.started).toBeGreaterThan(0);
    // Every replica was still up when the harness read its counts.
    expect(cell.replicaReports?.length).toBe(2);
  });
});
