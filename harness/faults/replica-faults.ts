import { HarnessError } from '../errors/harness-error.js';
import type { ReplicaHandle, StartedTopology } from '../platform/platform.js';

/** What can be done to a replica, by name: each maps to one capability of its handle. */
export type ReplicaFault = 'kill' | 'terminate' | 'start' | 'restart' | 'pause' | 'resume';

export interface ReplicaFaultOptions {
  /** kill: the signal (default SIGKILL). */
  readonly signal?: NodeJS.Signals;
  /** terminate / restart: how long in-flight requests may take before the replica is killed (default 0). */
  readonly graceMs?: number;
  readonly abort?: AbortSignal;
}

function replicaOf(topology: Pick<StartedTopology, 'replicas'>, id: string): ReplicaHandle {
  const replica = topology.replicas.find((r) => r.id === id);
  if (!replica) throw new HarnessError('E_USAGE', `no replica "${id}" in this topology`, { hint: `replicas: ${topology.replicas.map((r) => r.id).join(', ')}` });
  return replica;
}

function unsupported(replica: ReplicaHandle, fault: ReplicaFault, platform: string): HarnessError {
  return new HarnessError('E_USAGE', `replica ${replica.id} cannot ${fault} on platform ${platform}`, { hint: 'the platform does not control this replica (platform external), or lacks this capability' });
}

/**
 * Applies a fault to one replica through its handle's capabilities, whatever the platform; a
 * capability the platform lacks is refused with the reason. start and restart resolve once the
 * replica is ready again, so the next stats read is valid.
 */
export async function faultReplica(topology: Pick<StartedTopology, 'replicas' | 'platform'>, id: string, fault: ReplicaFault, options: ReplicaFaultOptions = {}): Promise<ReplicaHandle> {
  const r = replicaOf(topology, id);
  const grace = options.graceMs ?? 0;
  const fail = (): never => {
    throw unsupported(r, fault, topology.platform);
  };
  switch (fault) {
    case 'kill':
      await (r.kill ?? fail)(options.signal ?? 'SIGKILL');
      break;
    case 'terminate':
      await (r.terminate ?? fail)(grace);
      break;
    case 'start':
      await (r.start ?? fail)(options.abort);
      break;
    case 'restart':
      await (r.restart ?? fail)(grace, options.abort);
      break;
    case 'pause':
      await (r.pause ?? fail)();
      break;
    case 'resume':
      await (r.resume ?? fail)();
      break;
  }
  return r;
}
