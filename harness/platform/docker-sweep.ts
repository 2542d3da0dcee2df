import { DockerApiError, dockerEndpoint, listContainers, listNetworks, removeContainer, removeNetwork, type DockerEndpoint } from './docker-engine-api.js';
import { labelFilters } from './docker-labels.js';

export interface SweepResult {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  /** Objects that could not be removed, with Docker's reason. */
  readonly failures: readonly string[];
}

type Filters = { label: string[] };

const status = (e: unknown): number | undefined => (e instanceof DockerApiError ? e.statusCode : undefined);

/**
 * Force-removes every container, then every network, matching label filters. This is the docker
 * platform's teardown (idempotent: what is gone is simply not listed) and the reaper's tool, so a
 * container whose start failed half-way, or one testcontainers lost track of, is removed all the same.
 * `select` narrows the listed objects further (the reaper keeps only orphans).
 */
export async function sweepLabelled(filters: Filters, select: (labels: Readonly<Record<string, string>>) => boolean = () => true, endpoint: DockerEndpoint | undefined = dockerEndpoint()): Promise<SweepResult> {
  if (!endpoint) return { containers: [], networks: [], failures: [] };
  const failures: string[] = [];
  const containers = (await listContainers(endpoint, filters)).filter((c) => select(c.Labels ?? {}));
  await Promise.all(
    containers.map(async (c) => {
      try {
        await removeContainer(endpoint, c.Id);
      } catch (e) {
        if (status(e) !== 404 && status(e) !== 409) failures.push(`container ${c.Names[0] ?? c.Id}: ${(e as Error).message}`);
      }
    }),
  );
  const networks = (await listNetworks(endpoint, filters)).filter((n) => select(n.Labels ?? {}));
  await Promise.all(
    networks.map(async (n) => {
      try {
        await removeNetwork(endpoint, n.Id);
      } catch (e) {
        if (status(e) !== 404) failures.push(`network ${n.Name}: ${(e as Error).message}`);
      }
    }),
  );
  return { containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')), networks: networks.map((n) => n.Name), failures };
}

export function runFilters(runId?: string, cellId?: string): Filters {
  return labelFilters(runId, cellId);
}
