import type { BackendAddress } from './balancer.js';

/**
 * Changes a running balancer the way an operator's tooling does, without restarting it: HAProxy
 * through its runtime API (stats socket) and a seamless master-worker reload, nginx by rewriting its
 * configuration and `nginx -s reload` (SIGHUP). Faults (scale, reload, rolling restarts) use it.
 */
export interface BalancerRuntimeControl {
  /** How this balancer learns changes, one line for the fault report. */
  readonly mechanism: string;
  /** Routes new work to one more backend; resolves once the balancer sends it traffic (health check passed, where there is one). */
  addBackend(backend: BackendAddress, signal?: AbortSignal): Promise<void>;
  /**
   * Stops giving the backend new work and waits until what it had is finished or `drainMs` passed.
   * Resolves `true` when the balancer says it drained, `false` when the time ran out first.
   */
  drainBackend(id: string, drainMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Takes a drained backend out for good (after its replica stopped). */
  removeBackend(id: string): Promise<void>;
  /** Reloads the configuration under load; resolves once the new generation serves. */
  reload(signal?: AbortSignal): Promise<void>;
  /**
   * Resolves once the balancer considers the backend up again (e.g. after a restart): HAProxy's
   * health check passed; balancers without active checks resolve at once (they learn from requests).
   */
  waitBackendUp(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
}

/** What a launcher needs to set a balancer up for runtime control (optional in BalancerSpec). */
export interface RuntimeControlRequest {
  /** Backends that may be added later (scale-out): HAProxy declares them now as disabled slots. */
  readonly spareBackendIds: readonly string[];
}
