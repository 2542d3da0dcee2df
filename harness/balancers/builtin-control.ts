import { writeFile } from 'node:fs/promises';
import type { StartedProcess } from '../proc/child-process.js';
import type { BackendAddress } from './balancer.js';
import type { BalancerRuntimeControl } from './balancer-control.js';
import type { BuiltinBalancerConfig } from './builtin-balancer-config.js';
import { parseControlLine } from './builtin-backend-table.js';

const RELOAD_TIMEOUT_MS = 10_000;

/**
 * The built-in balancer's own table (builtin-backend-table.ts), changed by rewriting its config file
 * and sending SIGHUP; it answers with a `reloaded` line per generation and a `drained` line when a
 * removed backend has no exchange left. Changes are serialized: each waits for its own generation.
 */
export function builtinControl(proc: StartedProcess, configFile: string, initial: BuiltinBalancerConfig): BuiltinBalancerControl {
  let config = initial;
  let generation = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = chain.then(op, op);
    chain = run.catch(() => undefined);
    return run;
  };
  /** Writes `next`, signals, and resolves with its generation once the balancer installed it. */
  const apply = async (next: BuiltinBalancerConfig, signal?: AbortSignal, drainedId?: string, drainMs = 0): Promise<boolean> => {
    const expected = ++generation;
    await writeFile(configFile, JSON.stringify(next, null, 2) + '\n', 'utf8');
    const reloaded = proc.waitForLine((l) => { const c = parseControlLine(l); return c?.event === 'reloaded' && c.generation === expected ? c : undefined; }, RELOAD_TIMEOUT_MS, signal);
    const drained = drainedId === undefined ? undefined : proc.waitForLine((l) => { const c = parseControlLine(l); return c?.event === 'drained' && c.id === drainedId && c.generation === expected ? c : undefined; }, Math.max(drainMs, 1), signal).then(() => true, () => false);
    proc.signal('SIGHUP');
    await reloaded;
    config = next;
    return drained ? await drained : true;
  };
  return {
    mechanism: 'built-in balancer table: config file rewritten, SIGHUP (a new generation takes new requests; the old one finishes its own)',
    get config() {
      return config;
    },
    addBackend: (b: BackendAddress, signal?: AbortSignal) => serial(async () => void (await apply({ ...config, backends: [...config.backends.filter((x) => x.id !== b.id), b] }, signal))),
    drainBackend: (id: string, drainMs: number, signal?: AbortSignal) => serial(() => apply({ ...config, backends: config.backends.filter((x) => x.id !== id) }, signal, id, drainMs)),
    removeBackend: async () => undefined,
    reload: (signal?: AbortSignal) => serial(async () => void (await apply(config, signal))),
    // No active health checks: a backend serves as soon as it is in the table.
    waitBackendUp: async () => undefined,
  };
}

export interface BuiltinBalancerControl extends BalancerRuntimeControl {
  readonly config: BuiltinBalancerConfig;
}
