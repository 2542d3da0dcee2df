import { spawn } from 'node:child_process';

export interface TimedRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  /** user + system CPU of the whole process tree the command ran, from wait4() via /usr/bin/time. */
  readonly cpuS: number;
  readonly wallS: number;
}

export interface TimedCommand {
  /** The command's own process (the child of /usr/bin/time), once it exists. */
  pid(): number | undefined;
  readonly result: Promise<TimedRun>;
}

const MARK = '__mcp_lb_bench_time__';

/** Runs a command under GNU time so CPU is exact (rusage at exit), the same way for every generator. */
export function startTimed(command: string, args: readonly string[], timeoutMs: number, childOf: (pid: number) => number[]): TimedCommand {
  const child = spawn('/usr/bin/time', ['-f', `${MARK} %U %S %e`, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const result = new Promise<TimedRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stderr.split('\n').find((l) => l.startsWith(MARK));
      if (!line) return reject(new Error(`${command} produced no timing (exit ${code}): ${stderr.slice(-400)}`));
      const [, user, sys, wall] = line.split(' ');
      resolve({ stdout, stderr: stderr.replace(line, ''), code, cpuS: Number(user) + Number(sys), wallS: Number(wall) });
    });
  });
  return { pid: () => (child.pid === undefined ? undefined : childOf(child.pid)[0]), result };
}
