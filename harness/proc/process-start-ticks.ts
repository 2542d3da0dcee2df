import { procStatFieldsAfterComm } from './proc-stat.js';

/**
 * A process's start time in clock ticks since boot (/proc/<pid>/stat field 22). Together with the pid
 * it identifies a process for good: pids are recycled, (pid, start time) pairs are not.
 * undefined when /proc cannot be read (the process is gone, or not Linux).
 */
export function processStartTicks(pid: number): string | undefined {
  const ticks = procStatFieldsAfterComm(pid)?.[19];
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
