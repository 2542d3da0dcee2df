import { request } from 'undici';
import { LB_HEALTH_PATH, type StartedBalancer } from '../balancers/balancer.js';
import { chooseBalancer } from '../balancers/balancer-registry.js';
import { checkLoopbackUrl, LOOPBACK_HINT } from '../config/loopback-url.js';
import type { ExternalTargetSpec } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import type { ReplicaStats } from '../servers/replica-contract.js';
import { subtractCounts } from './counts-delta.js';
import type { Platform, ReplicaHandle, StartedTopology, TopologySpec } from './platform.js';
import { readReplicaStats } from './replica-stats-reader.js';

/**
 * `platform: external`: a deployment the user already runs (e.g. `docker-compose -f compose/... up`).
 * No lifecycle: start() checks the target answers and reads each listed replica's stats as a baseline,
 * so a cell's reconciliation covers exactly its own requests; stop() does nothing.
 * Load goes only to loopback URLs (validated by the config too; checked again here for programmatic use).
 */
export class ExternalPlatform implements Platform {
  readonly name = 'external';
  private readonly target: ExternalTargetSpec;

  constructor(target: ExternalTargetSpec) {
    for (const url of [target.url, ...target.replicas.map((r) => r.statsUrl)]) {
      const check = checkLoopbackUrl(url);
      if (!check.ok) throw new HarnessError('E_USAGE', `platform external: ${check.message}`, { hint: LOOPBACK_HINT });
    }
    this.target = target;
  }

  async start(spec: TopologySpec, signal?: AbortSignal): Promise<StartedTopology> {
    signal?.throwIfAborted();
    await probe(this.target.url, spec.servers.readinessTimeoutMs);
    const selection = await chooseBalancer(spec.balancer, spec.policy, { platform: 'external' });
    const impl = selection.name;
    const replicas = await Promise.all(this.target.replicas.map((r) => externalReplica(r.id, r.statsUrl)));
    const stop = (): Promise<void> => Promise.resolve();
    const balancer: StartedBalancer = {
      impl,
      version: 'deployed (not probed)',
      policy: spec.policy,
      url: this.target.url,
      pid: 0,
      configFile: undefined,
      stop,
      [Symbol.asyncDispose]: stop,
    };
    return {
      platform: 'external',
      balancer,
      selection: { implementation: impl, reason: `external deployment at ${this.target.url} (not started by the harness)` },
      replicas,
      store: undefined,
      balancerCpuMicros: () => undefined,
      events: () => [],
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
}

/** Any HTTP answer will do (a balancer the harness did not configure may not know LB_HEALTH_PATH). */
async function probe(url: string, timeoutMs: number): Promise<void> {
  try {
    const res = await request(url + LB_HEALTH_PATH, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
  } catch (e) {
    throw new HarnessError('E_PROCESS_START', `platform external: nothing answers at ${url}`, {
      cause: e,
      hint: 'Start the deployment first (e.g. `docker-compose -f compose/<file> up -d`) and check the published port.',
    });
  }
}

/** A replica of a deployment the harness did not start: its counts, no lifecycle capabilities. */
async function externalReplica(id: string, statsUrl: string): Promise<ReplicaHandle> {
  const who = `external replica ${id}`;
  const baseline = await readReplicaStats(statsUrl, who);
  return {
    id,
    pid: 0,
    url: new URL(statsUrl).origin,
    sdk: {},
    cpuSource: 'none',
    async stats(): Promise<ReplicaStats> {
      const now = await readReplicaStats(statsUrl, who);
      return { ...now, counts: subtractCounts(now.counts, baseline.counts) };
    },
    cpuMicros: () => undefined,
    rssBytes: () => undefined,
    incarnations: () => [{ index: 1, pid: 0, counts: 'live' }],
  };
}
