import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProcessCgroup, sweepProcessCgroups } from './process-cgroup.js';

/** A Node child that waits for a line on stdin, then burns `ms` of its own CPU time and exits. */
function burner(ms: number) {
  const code = `process.stdin.once('data', () => { const t = process.cpuUsage(); while ((process.cpuUsage(t).user + process.cpuUsage(t).system) < ${ms * 1000}) Math.sqrt(Math.random()); process.exit(0); });`;
  return spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'ignore', 'ignore'] });
}

const usable = createProcessCgroup(`probe-${process.pid}`, 'probe');
usable?.remove();

describe.skipIf(!usable)('a process cgroup (v1, root)', () => {
  it('counts every thread and child of the process at ns resolution, and caps its CPU', async () => {
    const cg = createProcessCgroup(`cgtest-${process.pid}`, 'busy')!;
    // A Node child (several threads) that, once in the group, burns 60 ms of CPU: the group counts all of it.
    const child = burner(60);
    cg.add([child.pid!]);
    child.stdin!.end('go\n');
    await once(child, 'exit');
    const used = cg.cpuMicros()!;
    expect(used).toBeGreaterThan(60_000);
    expect(used % 1000).not.toBe(0);
    cg.setCpuCap(0.25, 100_000);
    const capped = burner(150);
    cg.add([capped.pid!]);
    capped.stdin!.end('go\n');
    await once(capped, 'exit');
    const t = cg.throttling()!;
    expect(t.throttledPeriods).toBeGreaterThan(0);
    expect(t.throttledUs).toBeGreaterThan(0);
    cg.remove();
    expect(cg.cpuMicros()).toBeUndefined();
  });

  it('a later sweep removes the empty groups of a harness that is gone, not of a live one', () => {
    const live = createProcessCgroup(`sweep-live-${process.pid}`, 'x')!;
    expect(sweepProcessCgroups((pid) => pid === process.pid)).toBe(0);
    expect(live.cpuMicros()).toBeDefined();
    // Pretend this harness died: its folders are empty, so they go.
    expect(sweepProcessCgroups(() => false)).toBeGreaterThanOrEqual(1);
    expect(existsSync(`/sys/fs/cgroup/cpuacct/mcp-lb-bench/${process.pid}-sweep-live-${process.pid}`)).toBe(false);
  });
});
