import type { StartedTestContainer } from 'testcontainers';
import { dockerClient } from './docker-client.js';
import type { ContainerResources } from './platform.js';

/** One stats sample (no streaming) per container, from the Docker stats API (about a second each, in parallel). */
export async function containerResources(containers: readonly { readonly container: StartedTestContainer; readonly role: string }[]): Promise<ContainerResources[]> {
  const docker = (await dockerClient()).container.dockerode;
  return Promise.all(
    containers.map(async ({ container: c, role }) => {
      const name = c.getName().replace(/^\//, '');
      try {
        const s = (await docker.getContainer(c.getId()).stats({ stream: false })) as { cpu_stats?: { cpu_usage?: { total_usage?: number } }; memory_stats?: { usage?: number } };
        const ns = s.cpu_stats?.cpu_usage?.total_usage;
        return { name, role, running: ns !== undefined && ns > 0, cpuUs: ns === undefined ? undefined : ns / 1000, memoryBytes: s.memory_stats?.usage };
      } catch {
        return { name, role, running: false, cpuUs: undefined, memoryBytes: undefined };
      }
    }),
  );
}
