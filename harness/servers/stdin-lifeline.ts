import { fstatSync } from 'node:fs';

/**
 * Calls `onLost` once when the parent's end of a stdin pipe goes away. The harness keeps a pipe on a
 * replica's stdin so the replica dies with the harness even if the harness is SIGKILLed (no signal
 * reaches the child then, but the pipe closes). The harness also guards each child with a watchdog that
 * SIGKILLs its process group at that moment (proc/lifeline-watchdog.ts: it reaches a replica that is
 * frozen and reads nothing); this is the replica's own way out, for any parent that holds a pipe on
 * its stdin. Only a pipe or socket counts as a lifeline: started by hand, stdin is a TTY or /dev/null
 * (immediate EOF), and the replica must keep running. Returns whether a lifeline was found.
 */
export function watchStdinLifeline(onLost: () => void): boolean {
  let stat;
  try {
    stat = fstatSync(0);
  } catch {
    return false;
  }
  // child_process 'pipe' stdio is a socketpair on Unix; a shell pipe is a FIFO.
  if (!stat.isFIFO() && !stat.isSocket()) return false;
  let fired = false;
  const fire = (): void => {
    if (fired) return;
    fired = true;
    onLost();
  };
  process.stdin.on('end', fire);
  process.stdin.on('close', fire);
  process.stdin.on('error', fire);
  // 'end' only fires on a flowing stream; whatever the parent writes is discarded.
  process.stdin.resume();
  return true;
}
