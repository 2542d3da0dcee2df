import type { StoreKind } from './state-contract.js';

/**
 * The state-strategy part of a replica's command line, for launchers (process and docker platforms):
 * which stores the replica uses and where Redis is. Each field maps to one replica-main flag
 * (state-contract.ts); an absent field adds nothing, so launchers can pass it unconditionally.
 */
export interface ReplicaStateOptions {
  readonly sessionStore?: StoreKind;
  readonly handleStore?: StoreKind;
  readonly taskStore?: StoreKind;
  /** e.g. `redis://127.0.0.1:40123` (process) or `redis://redis:6379` (a container network). */
  readonly redisUrl?: string;
  readonly storeTimeoutMs?: number;
}

export function replicaStateArgs(state: ReplicaStateOptions | undefined): string[] {
  if (state === undefined) return [];
  const args: string[] = [];
  if (state.sessionStore !== undefined) args.push('--session-store', state.sessionStore);
  if (state.handleStore !== undefined) args.push('--handle-store', state.handleStore);
  if (state.taskStore !== undefined) args.push('--task-store', state.taskStore);
  if (state.redisUrl !== undefined) args.push('--redis-url', state.redisUrl);
  if (state.storeTimeoutMs !== undefined) args.push('--store-timeout-ms', String(state.storeTimeoutMs));
  return args;
}
