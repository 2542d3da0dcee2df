import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Latency and loss on a replica's network interface (Linux `tc netem`). */
export interface NetworkImpairment {
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossPct: number;
}

/**
 * Why `tc netem` cannot run in a container's network namespace from here, or undefined when it can:
 * it needs `tc` and `nsenter` on this machine, root (CAP_NET_ADMIN and CAP_SYS_ADMIN to enter the
 * namespace), and the container's process visible in /proc (a local Docker daemon).
 */
export function netemUnavailableReason(pid?: number): string | undefined {
  const tc = ['/usr/sbin/tc', '/sbin/tc', '/usr/bin/tc'].find((p) => existsSync(p));
  const nsenter = ['/usr/bin/nsenter', '/usr/sbin/nsenter', '/bin/nsenter'].find((p) => existsSync(p));
  if (!tc) return 'no `tc` on this machine (install iproute2)';
  if (!nsenter) return 'no `nsenter` on this machine (install util-linux)';
  if (process.getuid?.() !== 0) return 'not root: entering a container’s network namespace and changing its qdisc needs CAP_SYS_ADMIN and CAP_NET_ADMIN';
  if (pid !== undefined && (pid <= 0 || !existsSync(`/proc/${pid}/ns/net`))) return `the container's process (pid ${pid}) is not visible here (a remote Docker daemon?)`;
  return undefined;
}

let netemProbe: Promise<string | undefined> | undefined;

/**
 * Whether this kernel has the netem qdisc (sch_netem): tried once per process in a throwaway network
 * namespace (`unshare --net`), so no real interface is touched. Undefined when it works, else why not.
 */
export function probeNetem(): Promise<string | undefined> {
  return (netemProbe ??= (async () => {
    const why = netemUnavailableReason();
    if (why) return why;
    try {
      await run('unshare', ['--net', 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
      return undefined;
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr?.trim() || (e as Error).message;
      return /unknown/i.test(stderr) ? `this kernel has no netem qdisc (sch_netem not built or not loaded): tc says "${stderr}"` : `tc netem cannot run here: ${stderr}`;
    }
  })());
}

/** netem arguments, e.g. `delay 100ms 10ms loss 5%`. */
export function netemArgs(i: NetworkImpairment): string[] {
  const args: string[] = [];
  if (i.delayMs > 0) args.push('delay', `${i.delayMs}ms`, ...(i.jitterMs > 0 ? [`${i.jitterMs}ms`] : []));
  if (i.lossPct > 0) args.push('loss', `${i.lossPct}%`);
  return args;
}

/**
 * Adds a netem qdisc on eth0 inside the namespace of process `pid` (a container's init): every packet
 * the replica sends (its answers to the balancer) is delayed or dropped. Returns the undo.
 */
export async function impairContainerNetwork(pid: number, impairment: NetworkImpairment): Promise<() => Promise<void>> {
  const why = netemUnavailableReason(pid);
  if (why) throw new Error(`network fault unavailable: ${why}`);
  const ns = ['-t', String(pid), '-n', 'tc', 'qdisc'];
  try {
    await run('nsenter', [...ns, 'add', 'dev', 'eth0', 'root', 'netem', ...netemArgs(impairment)]);
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new Error(`tc netem failed in the container's namespace: ${stderr || (e as Error).message}`);
  }
  return async () => {
    await run('nsenter', [...ns, 'del', 'dev', 'eth0', 'root']).catch(() => undefined);
  };
}
