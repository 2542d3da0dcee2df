import type { LegacyServerOptions } from '../config/resolved-scenario.js';
import type { ServerModel } from '../servers/replica-contract.js';
import { replicaStateArgs, type ReplicaStateOptions } from '../servers/replica-state-args.js';

/**
 * replica-main's arguments for one replica, whatever starts it (a child process here, a container's
 * command in docker-platform). Kept in one place so both platforms run the same server settings.
 */
export interface ReplicaCommandSpec {
  readonly id: string;
  readonly model: ServerModel;
  readonly host: string;
  readonly port: number;
  readonly legacy: LegacyServerOptions;
  /** State strategies and the Redis address; absent = the plain reference server. */
  readonly state?: ReplicaStateOptions;
}

export function replicaCommandArgs(spec: ReplicaCommandSpec): string[] {
  return [
    '--model', spec.model,
    '--id', spec.id,
    '--host', spec.host,
    '--port', String(spec.port),
    ...(spec.model === 'legacy'
      ? ['--unknown-session-status', String(spec.legacy.unknownSessionStatus), '--session-idle-timeout-ms', String(spec.legacy.sessionIdleTimeoutMs)]
      : []),
    ...replicaStateArgs(spec.state),
  ];
}
