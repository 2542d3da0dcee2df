import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { HarnessError } from '../errors/harness-error.js';
import { DOCKER_SETUP_HINT } from '../images/docker-cli.js';

export type Dockerode = ContainerRuntimeClient['container']['dockerode'];

/**
 * testcontainers reads its settings from process.env. Two defaults fit every harness run, so they are
 * set here unless the user set them: the Ryuk reaper image needs a registry (the harness labels and
 * reaps its own containers instead), and ports are published on 127.0.0.1 only, so that is the host
 * to reach them on (testcontainers would otherwise guess a gateway address when it thinks it runs
 * inside a container).
 */
export const TESTCONTAINERS_DEFAULTS: Readonly<Record<string, string>> = {
  TESTCONTAINERS_RYUK_DISABLED: 'true',
  TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1',
};

export function applyTestcontainersDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [key, value] of Object.entries(TESTCONTAINERS_DEFAULTS)) env[key] ??= value;
}

let client: Promise<ContainerRuntimeClient> | undefined;

/** The shared testcontainers client (one per process), or E_PLATFORM_UNAVAILABLE with the fix. */
export function dockerClient(): Promise<ContainerRuntimeClient> {
  applyTestcontainersDefaults();
  client ??= getContainerRuntimeClient().catch((e: unknown) => {
    client = undefined; // a daemon started later is found on the next attempt
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', 'platform docker: no Docker daemon answers on this machine', {
      cause: e,
      details: [e instanceof Error ? e.message : String(e)],
      hint: DOCKER_SETUP_HINT,
    });
  });
  return client;
}

export type DockerAvailability = { readonly available: true; readonly serverVersion: string } | { readonly available: false; readonly reason: string };

/** For `doctor` and test gating: whether a daemon answers, without throwing. */
export async function dockerAvailability(): Promise<DockerAvailability> {
  try {
    const c = await dockerClient();
    await c.container.dockerode.ping();
    return { available: true, serverVersion: String(c.info.containerRuntime.serverVersion) };
  } catch (e) {
    return { available: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Whether an image exists locally (no registry is consulted). */
export async function imageExists(name: string): Promise<boolean> {
  const c = await dockerClient();
  try {
    await c.container.dockerode.getImage(name).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}
