import { readFileSync } from 'node:fs';

/**
 * A process's start time in clock ticks since boot (/proc/<pid>/stat field 22). Together with the pid
 * it identifies a process for good: pids are recycled, (pid, start time) pairs are not.
 * undefined when /proc cannot be read (the process is gone, or not Linux).
 */
export function processStartTicks(pid: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which may itself contain spaces and ')'; field 22 is the 20th of these.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = rest[19];
  return ticks !== undefined && /^\d+$/.test(ticks) ? ticks : undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
