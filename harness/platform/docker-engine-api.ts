import { existsSync } from 'node:fs';
import { Agent, request } from 'undici';

/**
 * The few Docker Engine API calls the sweeper needs (list and force-remove labelled containers and
 * networks), over the daemon's socket without loading testcontainers (~0.6 s): every run sweeps
 * leftovers of crashed docker runs, also a process-platform run on a machine that has Docker.
 */
export interface DockerEndpoint {
  readonly origin: string;
  readonly dispatcher: Agent | undefined;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';
const API_TIMEOUT_MS = 10_000;

/** Where the daemon listens (DOCKER_HOST unix:// or tcp://, else the default socket), or undefined when there is none. */
export function dockerEndpoint(env: Readonly<Record<string, string | undefined>> = process.env): DockerEndpoint | undefined {
  const host = env['DOCKER_HOST'];
  if (host?.startsWith('tcp://')) return env['DOCKER_TLS_VERIFY'] ? undefined : { origin: `http://${host.slice('tcp://'.length)}`, dispatcher: undefined };
  const socketPath = host?.startsWith('unix://') ? host.slice('unix://'.length) : host ? undefined : DEFAULT_SOCKET;
  if (!socketPath || !existsSync(socketPath)) return undefined;
  return { origin: 'http://localhost', dispatcher: new Agent({ connect: { socketPath } }) };
}

export class DockerApiError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

async function call<T>(endpoint: DockerEndpoint, method: 'GET' | 'DELETE', path: string): Promise<T | undefined> {
  const res = await request(endpoint.origin + path, { method, ...(endpoint.dispatcher ? { dispatcher: endpoint.dispatcher } : {}), headersTimeout: API_TIMEOUT_MS, bodyTimeout: API_TIMEOUT_MS });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new DockerApiError(`${method} ${path}: HTTP ${res.statusCode} ${text.trim().slice(0, 200)}`, res.statusCode);
  return text ? (JSON.parse(text) as T) : undefined;
}

export interface ListedContainer {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly Labels: Readonly<Record<string, string>> | null;
}

export interface ListedNetwork {
  readonly Id: string;
  readonly Name: string;
  readonly Labels: Readonly<Record<string, string>> | null;
}

const q = (filters: { label: readonly string[] }): string => encodeURIComponent(JSON.stringify(filters));

export async function listContainers(endpoint: DockerEndpoint, filters: { label: readonly string[] }): Promise<ListedContainer[]> {
  return (await call<ListedContainer[]>(endpoint, 'GET', `/containers/json?all=1&filters=${q(filters)}`)) ?? [];
}

export async function removeContainer(endpoint: DockerEndpoint, id: string): Promise<void> {
  await call(endpoint, 'DELETE', `/containers/${encodeURIComponent(id)}?force=1&v=1`);
}

export async function listNetworks(endpoint: DockerEndpoint, filters: { label: readonly string[] }): Promise<ListedNetwork[]> {
  return (await call<ListedNetwork[]>(endpoint, 'GET', `/networks?filters=${q(filters)}`)) ?? [];
}

export async function removeNetwork(endpoint: DockerEndpoint, id: string): Promise<void> {
  await call(endpoint, 'DELETE', `/networks/${encodeURIComponent(id)}`);
}
