import { waitFor } from '../proc/wait-for.js';
import { childPids } from '../proc/process-tree.js';
import type { BackendAddress } from './balancer.js';
import type { BalancerRuntimeControl } from './balancer-control.js';
import { haproxyCommand, parseServerStats, type HaproxyServerStat } from './haproxy-runtime-api.js';

const RELOAD_TIMEOUT_MS = 10_000;
const ADD_TIMEOUT_MS = 15_000;

export interface HaproxyControlInit {
  readonly socketPath: string;
  /** The master process (master-worker mode, `-W`): SIGUSR2 reloads it seamlessly. */
  readonly masterPid: number;
}

/**
 * Runtime control of an HAProxy started in master-worker mode with an admin stats socket: servers are
 * added into spare slots (`set server ... addr`, `state ready`), drained (`state drain`, then the
 * server's current sessions counted down to 0) and put in maintenance; a reload is the master's
 * seamless one (SIGUSR2: a new worker takes over the listeners, the old one finishes what it has).
 */
export function haproxyControl(init: HaproxyControlInit): BalancerRuntimeControl {
  const cmd = (c: string): Promise<string> => haproxyCommand(init.socketPath, c);
  const rowsOf = async (id: string): Promise<HaproxyServerStat[]> => parseServerStats(await cmd('show stat')).filter((r) => r.name === id);
  const each = async (id: string, command: (backend: string) => string): Promise<string[]> => {
    const rows = await rowsOf(id);
    if (rows.length === 0) throw new Error(`HAProxy has no server "${id}" (scale-out beyond the spare slots the cell was started with?)`);
    const answers: string[] = [];
    for (const r of rows) answers.push((await cmd(command(r.backend))).trim());
    return answers;
  };
  // Exactly "UP": "UP 1/3" is a server already failing its checks, DRAIN/MAINT take no new work.
  const isUp = (rows: readonly HaproxyServerStat[]): boolean => rows.length > 0 && rows.every((r) => r.status === 'UP' || r.status === 'no check');
  const waitUp = (id: string, timeoutMs: number, signal?: AbortSignal): Promise<true> =>
    waitFor(async () => isUp(await rowsOf(id)), { timeoutMs, intervalMs: 50, what: `HAProxy server ${id} up (health check passed)`, ...(signal ? { signal } : {}) });

  return {
    mechanism: 'HAProxy runtime API (stats socket: set server addr/state) and master-worker seamless reload (SIGUSR2)',
    async addBackend(b: BackendAddress, signal?: AbortSignal): Promise<void> {
      for (const answer of await each(b.id, (be) => `set server ${be}/${b.id} addr ${b.host} port ${b.port}`)) {
        if (!/changed|no need to change/i.test(answer)) throw new Error(`HAProxy refused the address of ${b.id}: ${answer}`);
      }
      await each(b.id, (be) => `set server ${be}/${b.id} state ready`);
      await waitUp(b.id, ADD_TIMEOUT_MS, signal);
    },
    async drainBackend(id: string, drainMs: number, signal?: AbortSignal): Promise<boolean> {
      await each(id, (be) => `set server ${be}/${id} state drain`);
      try {
        await waitFor(
          async () => (await rowsOf(id)).every((r) => r.currentSessions === 0),
          { timeoutMs: drainMs, intervalMs: 50, what: `HAProxy server ${id} drained`, ...(signal ? { signal } : {}) },
        );
        return true;
      } catch (e) {
        if (signal?.aborted) throw e;
        return false;
      }
    },
    async removeBackend(id: string): Promise<void> {
      await each(id, (be) => `set server ${be}/${id} state maint`);
    },
    async reload(signal?: AbortSignal): Promise<void> {
      const before = new Set(childPids(init.masterPid));
      process.kill(init.masterPid, 'SIGUSR2');
      await waitFor(() => childPids(init.masterPid).some((p) => !before.has(p)), { timeoutMs: RELOAD_TIMEOUT_MS, intervalMs: 20, what: 'a new HAProxy worker after the reload', ...(signal ? { signal } : {}) });
      // The new worker answers on the runtime API once it has loaded the configuration.
      await waitFor(async () => /Pid:/.test(await cmd('show info')), { timeoutMs: RELOAD_TIMEOUT_MS, intervalMs: 20, what: 'the new HAProxy worker’s runtime API', ...(signal ? { signal } : {}) });
    },
    async waitBackendUp(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
      await waitUp(id, timeoutMs, signal);
    },
  };
}
