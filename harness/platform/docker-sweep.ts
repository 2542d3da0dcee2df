import { dockerClient } from './docker-client.js';
import { labelFilters } from './docker-labels.js';

export interface SweepResult {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  /** Objects that could not be removed, with Docker's reason. */
  readonly failures: readonly string[];
}

type Filters = { label: string[] };

/**
 * Force-removes every container, then every network, matching label filters. This is the docker
 * platform's teardown (idempotent: what is gone is simply not listed) and the reaper's tool, so a
 * container whose start failed half-way, or one testcontainers lost track of, is removed all the same.
 * `select` narrows the listed objects further (the reaper keeps only orphans).
 */
export async function sweepLabelled(filters: Filters, select: (labels: Readonly<Record<string, string>>) => boolean = () => true): Promise<SweepResult> {
  const docker = (await dockerClient()).container.dockerode;
  const failures: string[] = [];
  const listed = await docker.listContainers({ all: true, filters });
  const containers = listed.filter((c) => select(c.Labels ?? {}));
  await Promise.all(
    containers.map(async (c) => {
      try {
        await docker.getContainer(c.Id).remove({ force: true, v: true });
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        if (status !== 404 && status !== 409) failures.push(`container ${c.Names[0] ?? c.Id}: ${(e as Error).message}`);
      }
    }),
  );
  const networks = (await docker.listNetworks({ filters })).filter((n) => select(n.Labels ?? {}));
  await Promise.all(
    networks.map(async (n) => {
      try {
        await docker.getNetwork(n.Id).remove();
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) failures.push(`network ${n.Name}: ${(e as Error).message}`);
      }
    }),
  );
  return { containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')), networks: networks.map((n) => n.Name), failures };
}

export function runFilters(runId?: string, cellId?: string): Filters {
  return labelFilters(runId, cellId);
}
