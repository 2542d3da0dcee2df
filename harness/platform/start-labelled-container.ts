import type { Readable } from 'node:stream';
import type { StartedNetwork, StartedTestContainer, WaitStrategy } from 'testcontainers';
import { HarnessError } from '../errors/harness-error.js';
import { IMAGE_REPOSITORY_PREFIX } from '../images/image-names.js';
import { dockerClient, imageExists } from './docker-client.js';
import { dockerName, runLabels, type ContainerRole, type OwnerIdentity } from './docker-labels.js';
import { LoopbackContainer } from './loopback-container.js';

export interface LabelledContainerSpec {
  /** For messages, e.g. "replica r2". */
  readonly name: string;
  readonly image: string;
  /** Parts of the container's docker name (prefixed with mlb-). */
  readonly containerName: readonly string[];
  readonly labels: { readonly runId: string; readonly cellId: string; readonly role: ContainerRole; readonly owner: OwnerIdentity };
  readonly network: StartedNetwork;
  readonly alias: string;
  readonly command?: readonly string[];
  /** Environment variables of the container (added to the image's). */
  readonly env?: Readonly<Record<string, string>>;
  /** Container ports published on 127.0.0.1 (host port chosen by Docker). */
  readonly publish: readonly number[];
  readonly wait: WaitStrategy;
  readonly readinessTimeoutMs: number;
  readonly files?: ReadonlyArray<{ readonly content: string; readonly target: string }>;
  readonly logConsumer?: (stream: Readable) => void;
  /** A CFS cap on the container (cores per period). */
  readonly cpuCap?: { readonly cores: number; readonly periodUs: number } | undefined;
  readonly recentOutput?: () => readonly string[];
}

/**
 * Every container of a topology starts here: labelled with the run, cell, role and owner; on the cell's
 * private network under its alias; ports on 127.0.0.1 only; ready by its wait strategy within the
 * readiness timeout. A start that fails removes what it created and says why, quoting the container's output.
 */
export async function startLabelledContainer(spec: LabelledContainerSpec): Promise<StartedTestContainer> {
  await requireImage(spec.image, spec.name);
  const containerName = dockerName(...spec.containerName);
  let container = new LoopbackContainer(spec.image)
    .withName(containerName)
    .withLabels(runLabels(spec.labels.runId, spec.labels.cellId, spec.labels.role, spec.labels.owner))
    .withNetwork(spec.network)
    .withPrivateNetworkAlias(spec.alias)
    .withExposedPorts(...spec.publish)
    .withWaitStrategy(spec.wait)
    .withStartupTimeout(spec.readinessTimeoutMs);
  if (spec.command) container = container.withCommand([...spec.command]);
  if (spec.env && Object.keys(spec.env).length > 0) container = container.withEnvironment({ ...spec.env });
  if (spec.files?.length) container = container.withCopyContentToContainer(spec.files.map((f) => ({ content: f.content, target: f.target })));
  if (spec.logConsumer) container = container.withLogConsumer(spec.logConsumer);
  if (spec.cpuCap) container = container.withCpuCap(spec.cpuCap.cores, spec.cpuCap.periodUs);
  try {
    return await container.start();
  } catch (e) {
    await removeContainerByName(containerName);
    const output = spec.recentOutput?.() ?? [];
    throw new HarnessError('E_READINESS_TIMEOUT', `${spec.name} (container ${containerName}, image ${spec.image}) did not become ready: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
      details: output.length > 0 ? ['its last output:', ...output.slice(-10)] : [],
      hint: 'Run the image by hand (`docker run --rm <image> ...`) to see why it does not start, or raise servers.readinessTimeout on a slow machine.',
    });
  }
}

/**
 * The harness's own images are never in a registry: a missing one is a build step away, and a pull
 * attempt would only fail later with a registry error. Other images (the user's) may be pulled.
 */
export async function requireImage(image: string, what: string): Promise<void> {
  if (!image.startsWith(IMAGE_REPOSITORY_PREFIX)) return;
  if (await imageExists(image)) return;
  throw new HarnessError('E_PLATFORM_UNAVAILABLE', `image ${image} (for ${what}) is not on this machine`, {
    hint: 'Build the harness images: `npm run build && node bin/mcp-lb-bench.js images build --offline` (no registry needed) or `images build` (from images/*.Dockerfile).',
  });
}

/** Force-removes one container if it exists (a failed start may leave it created or running). */
export async function removeContainerByName(name: string): Promise<void> {
  const client = await dockerClient();
  try {
    await client.container.dockerode.getContainer(name).remove({ force: true, v: true });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404 && (e as { statusCode?: number }).statusCode !== 409) throw e;
  }
}

export interface ContainerRuntimeState {
  /** The container's init process as the host sees it (0 when it is not running). */
  readonly pid: number;
  /** Host port (on 127.0.0.1) published for the container port asked about, when running. */
  readonly hostPort: number | undefined;
}

export async function containerRuntimeState(id: string, containerPort?: number): Promise<ContainerRuntimeState> {
  const client = await dockerClient();
  const info = await client.container.dockerode.getContainer(id).inspect();
  const binding = containerPort === undefined ? undefined : info.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0]?.HostPort;
  return { pid: info.State.Pid, hostPort: binding ? Number(binding) : undefined };
}
