import { harnessVersion } from '../results/environment-info.js';

/** The images a docker-platform topology uses; a scenario may point any of them elsewhere. */
export const IMAGE_KINDS = ['replica', 'haproxy', 'nginx', 'redis'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

export type ImageNames = Readonly<Record<ImageKind, string>>;

export const IMAGE_REPOSITORY_PREFIX = 'mcp-lb-bench/';

/**
 * `mcp-lb-bench/<kind>:<harness version>`: what `mcp-lb-bench images build` (from Dockerfiles or
 * --offline) tags, and what scenarios use unless they name other images.
 */
export function defaultImageName(kind: ImageKind, version: string = harnessVersion()): string {
  return `${IMAGE_REPOSITORY_PREFIX}${kind}:${version}`;
}

export function defaultImageNames(version: string = harnessVersion()): ImageNames {
  return { replica: defaultImageName('replica', version), haproxy: defaultImageName('haproxy', version), nginx: defaultImageName('nginx', version), redis: defaultImageName('redis', version) };
}
