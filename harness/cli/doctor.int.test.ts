import { describe, expect, it } from 'vitest';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { REDIS_SERVER_PATHS, requireTool } from '../testing/requirements.js';

const redis = requireTool('redis-server', REDIS_SERVER_PATHS);

describe('mcp-lb-bench doctor', () => {
  it('lists balancers, what auto picks, platforms and the Redis store, and exits 0', async () => {
    const cmd = nodeEntry('cli/cli-entry', ['doctor']);
    const p = await startProcess({ name: 'mcp-lb-bench doctor', command: cmd.command, args: cmd.args, runId: 'doctor-test', env: { NO_COLOR: '1' } });
    const exit = await p.exited;
    const output = p.recentOutput();
    expect(exit.code).toBe(0);
    for (const section of ['machine', 'software', 'balancers', 'auto picks', 'platforms', 'stores']) expect(output).toMatch(new RegExp(`^${section}$`, 'm'));
    expect(output).toMatch(/^ {2}builtin +available/m);
    expect(output).toMatch(/^ {2}process +available/m);
    // The store line says whether cells with a Redis store can run here, with the version.
    expect(output).toMatch(redis.skip ? /^ {2}redis +unavailable: redis-server not installed/m : /^ {2}redis +available \d+\.\d+\.\d+ \(/m);
  });
});
