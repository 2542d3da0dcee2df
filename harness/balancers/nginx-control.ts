import { writeFile } from 'node:fs/promises';
import { waitFor } from '../proc/wait-for.js';
import { childPids } from '../proc/process-tree.js';
import type { BackendAddress } from './balancer.js';
import type { BalancerRuntimeControl } from './balancer-control.js';

const RELOAD_TIMEOUT_MS = 10_000;

export interface NginxControlInit {
  readonly masterPid: number;
  readonly configFile: string;
  readonly backends: readonly BackendAddress[];
  /** Renders nginx.conf for a list of backends (the cell's policy, listener and tuning stay the same). */
  readonly render: (backends: readonly BackendAddress[]) => string;
}

/**
 * Open-source nginx learns a change of upstreams only from its configuration: the file is rewritten
 * and the master reloaded (SIGHUP, what `nginx -s reload` sends). New workers take new connections;
 * old ones finish the requests they have (open SSE streams included) and exit, which is what a drain
 * waits for. nginx has no active health checks here, so a backend is "up" as soon as it is configured.
 */
export function nginxControl(init: NginxControlInit): BalancerRuntimeControl {
  let backends = [...init.backends];
  let oldWorkers = new Set<number>();
  // One change at a time: each reload's old workers are the drain's measure.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = chain.then(op, op);
    chain = run.catch(() => undefined);
    return run;
  };
  const reload = async (signal?: AbortSignal): Promise<void> => {
    await writeFile(init.configFile, init.render(backends), 'utf8');
    oldWorkers = new Set(childPids(init.masterPid));
    process.kill(init.masterPid, 'SIGHUP');
    await waitFor(() => childPids(init.masterPid).some((p) => !oldWorkers.has(p)), { timeoutMs: RELOAD_TIMEOUT_MS, intervalMs: 20, what: 'a new nginx worker after the reload', ...(signal ? { signal } : {}) });
  };
  return {
    mechanism: 'nginx configuration rewritten and reloaded (SIGHUP, as `nginx -s reload`); old workers finish their requests',
    addBackend: (b: BackendAddress, signal?: AbortSignal): Promise<void> =>
      serial(async () => {
        backends = [...backends.filter((x) => x.id !== b.id), b];
        await reload(signal);
      }),
    drainBackend: (id: string, drainMs: number, signal?: AbortSignal): Promise<boolean> => serial(() => drain(id, drainMs, signal)),
    removeBackend: async () => undefined,
    reload: (signal?: AbortSignal) => serial(() => reload(signal)),
    waitBackendUp: async () => undefined,
  };

  async function drain(id: string, drainMs: number, signal?: AbortSignal): Promise<boolean> {
    backends = backends.filter((x) => x.id !== id);
    await reload(signal);
    try {
      await waitFor(() => !childPids(init.masterPid).some((p) => oldWorkers.has(p)), { timeoutMs: drainMs, intervalMs: 50, what: 'the old nginx workers to finish', ...(signal ? { signal } : {}) });
      return true;
    } catch (e) {
      if (signal?.aborted) throw e;
      return false;
    }
  }
}
