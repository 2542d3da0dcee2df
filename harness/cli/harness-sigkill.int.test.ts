import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { procStatFieldsAfterComm } from '../proc/proc-stat.js';
import { childPids, processTitle } from '../proc/process-tree.js';
import { labelledProcesses } from '../proc/reaper.js';
import { waitFor } from '../proc/wait-for.js';

/** The most a harness's child may outlive a SIGKILLed harness (issue 18, item 7). */
const OUTLIVE_LIMIT_MS = 5_000;

// A Redis store frozen by a hang outage (SIGSTOP) when the harness dies: a stopped process reads no
// lifeline, so only a SIGKILL from outside ends it.
const scenario = (balancer: string): string => `
name: harness-sigkill-${balancer}
balancer: ${balancer}
matrix: { model: legacy, policy: round-robin, replicas: 2, store: redis }
load: { executor: constant-arrival-rate, rate: 10, duration: 30s, warmup: 200ms }
workload: { callsPerSession: 3, thinkTime: 20ms }
faults:
  - { kind: store-outage, at: 1s, duration: 25s, mode: hang }
`;

/** 'R', 'S', 'T' (stopped), 'Z' (zombie: dead, not yet reaped) ...; undefined once gone. */
const stateOf = (pid: number): string | undefined => procStatFieldsAfterComm(pid)?.[0];
const alive = (pid: number): boolean => ![undefined, 'Z', 'X'].includes(stateOf(pid));

function descendants(pid: number): number[] {
  const direct = childPids(pid);
  return [...direct, ...direct.flatMap(descendants)];
}

describe('SIGKILL of the harness mid-cell (no teardown runs)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-sigkill-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['haproxy', 'nginx', 'builtin'])(`leaves no process of its own behind for more than ${OUTLIVE_LIMIT_MS} ms (balancer %s, replicas, a frozen redis)`, async (balancer) => {
    const file = path.join(dir, `${balancer}.yaml`);
    await writeFile(file, scenario(balancer));
    const cmd = nodeEntry('cli/cli-entry', ['run', file, '--results-dir', path.join(dir, balancer)]);
    const cli = await startProcess({ name: 'mcp-lb-bench cli', command: cmd.command, args: cmd.args, runId: `test-sigkill-${balancer}`, env: { NO_COLOR: '1' } });
    let children: number[] = [];
    try {
      await cli.waitForLine((l) => (l.includes('measuring') ? l : undefined), 60_000);
      const labelled = () => labelledProcesses().filter((p) => p.ownerPid === cli.pid);
      const redis = await waitFor(() => labelled().find((p) => p.cmdline.includes('redis-server') && stateOf(p.pid) === 'T'), {
        timeoutMs: 30_000,
        what: 'the store to be frozen by the hang outage',
      });
      // Everything the CLI started, labelled or not (an nginx worker, the loader helpers of Node children).
      children = [...new Set([...labelled().map((p) => p.pid), ...descendants(cli.pid)])];
      const titles = children.map(processTitle);
      expect(titles.filter((t) => /replica-main/.test(t))).toHaveLength(2);
      expect(titles.some((t) => (balancer === 'builtin' ? /builtin-balancer-main/ : new RegExp(`^\\S*${balancer}`)).test(t))).toBe(true);
      if (balancer === 'nginx') expect(titles.some((t) => t.startsWith('nginx: worker'))).toBe(true);
      expect(children).toContain(redis.pid);

      cli.signal('SIGKILL');
      await cli.exited;
      const killedAt = performance.now();
      await waitFor(() => children.every((pid) => !alive(pid)) && labelled().length === 0, {
        timeoutMs: OUTLIVE_LIMIT_MS,
        intervalMs: 50,
        what: `every child of the SIGKILLed harness to exit`,
      }).catch((e: unknown) => {
        const left = children.filter(alive).map((pid) => `${pid} ${stateOf(pid)} ${processTitle(pid)}`);
        throw new Error(`${(e as Error).message}; still alive after ${OUTLIVE_LIMIT_MS} ms: ${left.join(' | ')}`);
      });
      expect(performance.now() - killedAt).toBeLessThan(OUTLIVE_LIMIT_MS);
    } finally {
      await cli.stop();
      // Whatever survived a failed assertion must not disturb the next test.
      for (const pid of children.filter(alive)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone in between
        }
      }
    }
  });
});
