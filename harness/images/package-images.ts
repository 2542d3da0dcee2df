import { IMAGE_PATH_ENV } from './image-recipes.js';
import { IMAGE_REPOSITORY_PREFIX } from './image-names.js';

/**
 * Images of public MCP server packages the tests and your-server.yaml run as "your own server":
 * built offline from this checkout's node and the package as npm installed it (a dev dependency), or
 * from images/<name>.Dockerfile where a registry is reachable. Tagged with the package's version, not
 * the harness's: `mcp-lb-bench/everything:2026.8.31`.
 */
export interface PackageImage {
  readonly name: string;
  /** The npm package, installed under node_modules/. */
  readonly packageName: string;
  /** Its entry point, relative to the package folder. */
  readonly entry: string;
  /** Default command (CMD) after the entry point. */
  readonly args: readonly string[];
  /** The port it listens on in the container, and the environment that says so. */
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly description: string;
}

export const PACKAGE_IMAGES: Readonly<Record<string, PackageImage>> = {
  everything: {
    name: 'everything',
    packageName: '@modelcontextprotocol/server-everything',
    entry: 'dist/index.js',
    args: ['streamableHttp'],
    port: 3001,
    // The package reads its port from PORT (default 3001) and listens on every address.
    env: { PORT: '3001' },
    description: 'the public MCP server @modelcontextprotocol/server-everything (streamableHttp, session-based, v1 SDK)',
  },
};

export function packageImageTag(image: PackageImage, packageVersion: string): string {
  return `${IMAGE_REPOSITORY_PREFIX}${image.name}:${packageVersion}`;
}

/** `docker import --change` lines: node runs the package's entry point as the container's main process. */
export function packageImageChanges(image: PackageImage): string[] {
  const entry = `/app/node_modules/${image.packageName}/${image.entry}`;
  return [
    `ENV ${IMAGE_PATH_ENV}`,
    'ENV NODE_ENV=production',
    ...Object.entries(image.env).map(([k, v]) => `ENV ${k}=${v}`),
    'WORKDIR /app',
    `ENTRYPOINT ["node", "${entry}"]`,
    `CMD ${JSON.stringify(image.args)}`,
    `EXPOSE ${image.port}`,
    `LABEL org.opencontainers.image.title=mcp-lb-bench-${image.name} mcp-lb-bench.image-build=offline`,
  ];
}

