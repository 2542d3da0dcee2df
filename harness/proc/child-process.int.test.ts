import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcess, type StartedProcess } from './child-process.js';
import { WATCHDOG_TITLE } from './lifeline-watchdog.js';
import { procStatFieldsAfterComm } from './proc-stat.js';
import { childPids } from './process-tree.js';
import { processesOfRun } from './reaper.js';
import { waitFor } from './wait-for.js';

const runId = `child-process-int-${process.pid}`;
/** 'S', 'T' (stopped), 'Z' (zombie) ...; undefined once gone. */
const stateOf = (pid: number): string | undefined => procStatFieldsAfterComm(pid)?.[0];
const alive = (pid: number): boolean => ![undefined, 'Z', 'X'].includes(stateOf(pid));
const pgrpOf = (pid: number): number => Number(procStatFieldsAfterComm(pid)?.[2]);
const sessionOf = (pid: number): number => Number(procStatFieldsAfterComm(pid)?.[3]);

// A shell that forks a background process (as nginx forks its worker) and then becomes a sleep itself.
const FORKING_CHILD = ['-c', 'sleep 1000 & echo "forked $!"; exec sleep 1000'];
const forkedPid = (p: StartedProcess): Promise<number> => p.waitForLine((l) => (l.startsWith('forked ') ? Number(l.slice(7)) : undefined), 5000);

describe('startProcess: process groups and the lifeline watchdog', () => {
  const leftovers: number[] = [];
  afterEach(() => {
    for (const pid of leftovers.splice(0).filter(alive)) process.kill(pid, 'SIGKILL');
  });

  it('starts every child as the leader of its own process group and session, out of reach of a terminal Ctrl-C', async () => {
    const p = await startProcess({ name: 'sleeper', command: 'sleep', args: ['1000'], runId });
    leftovers.push(p.pid);
    expect([pgrpOf(p.pid), sessionOf(p.pid)]).toEqual([p.pid, p.pid]);
    expect(pgrpOf(p.pid)).not.toBe(pgrpOf(process.pid));
    await p.stop();
  });

  it('stop() ends what the child forked too, and its watchdog, before it resolves', async () => {
    const p = await startProcess({ name: 'forking child', command: '/bin/sh', args: FORKING_CHILD, runId });
    const forked = await forkedPid(p);
    leftovers.push(p.pid, forked);
    const mine = processesOfRun(runId).map((x) => x.cmdline);
    expect(mine.filter((c) => c.includes(WATCHDOG_TITLE))).toHaveLength(1);
    // The forked sleep holds the output pipes: without the group kill, 'close' (and stop()) would wait for it.
    await p.stop(100);
    expect(alive(forked)).toBe(false);
    expect(processesOfRun(runId)).toEqual([]);
  });

  it('a child that exits on its own takes its group and its watchdog with it', async () => {
    const p = await startProcess({ name: 'short-lived', command: '/bin/sh', args: ['-c', 'sleep 1000 & echo "forked $!"; exit 3'], runId });
    const forked = await forkedPid(p);
    leftovers.push(forked);
    expect(await p.exited).toEqual({ code: 3, signal: null });
    expect(alive(forked)).toBe(false);
    expect(processesOfRun(runId)).toEqual([]);
  });

  it('when the harness is SIGKILLed, its children die within seconds: forked, frozen (SIGSTOP) and stdin-watching ones alike', async () => {
    // A stand-in harness: starts three children the way the platform does, prints their pids, then waits.
    const childProcessUrl = pathToFileURL(fileURLToPath(new URL('./child-process.ts', import.meta.url))).href;
    const script = [
      `import { startProcess } from ${JSON.stringify(childProcessUrl)};`,
      `const forking = await startProcess({ name: 'forking', command: '/bin/sh', args: ${JSON.stringify(FORKING_CHILD)}, runId: 'stand-in' });`,
      `const frozen = await startProcess({ name: 'frozen', command: 'sleep', args: ['1000'], runId: 'stand-in' });`,
      `frozen.signal('SIGSTOP');`,
      `const reader = await startProcess({ name: 'reader', command: 'sleep', args: ['1000'], runId: 'stand-in', stdinLifeline: true });`,
      `const forked = await forking.waitForLine((l) => (l.startsWith('forked ') ? l.slice(7) : undefined), 5000);`,
      `process.stdout.write(JSON.stringify([forking.pid, Number(forked), frozen.pid, reader.pid]) + '\\n');`,
      `setInterval(() => {}, 1 << 30);`,
    ].join('\n');
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const harness = await startProcess({ name: 'stand-in harness', command: process.execPath, args: ['--import', tsx, '--input-type=module', '-e', script], runId });
    const pids = await harness.waitForLine((l) => (l.startsWith('[') ? (JSON.parse(l) as number[]) : undefined), 30_000);
    leftovers.push(...pids);
    const watchdogs = childPids(harness.pid).filter((pid) => !pids.includes(pid) && alive(pid));
    leftovers.push(...watchdogs);
    expect(pids.every(alive)).toBe(true);
    await waitFor(() => stateOf(pids[2]!) === 'T', { timeoutMs: 5000, what: 'the frozen child to be stopped' });

    harness.signal('SIGKILL');
    await harness.exited;
    await waitFor(() => [...pids, ...watchdogs].every((pid) => !alive(pid)), { timeoutMs: 5000, intervalMs: 20, what: 'the children of the SIGKILLed stand-in harness to exit' });
  });
});
