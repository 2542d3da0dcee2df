import type { ImageKind } from './image-names.js';

/**
 * What each image holds and how it starts. The offline build (host binaries + `docker import`) and the
 * Dockerfiles in images/ produce images that start the same way, so the docker platform and the
 * compose files pass the same commands to either: same entrypoint, same config path, same port.
 */
export interface HostBinary {
  readonly name: string;
  /** Where Debian/Ubuntu install it; the first that exists is used. */
  readonly candidates: readonly string[];
  /** Named in the error when none exists. */
  readonly aptPackage: string;
}

export interface ImageRecipe {
  readonly kind: ImageKind;
  readonly description: string;
  readonly binaries: readonly HostBinary[];
  /** Host files copied when present (data files a binary reads at start-up). */
  readonly optionalHostFiles: readonly string[];
  /** Empty directories the program writes to or expects (mode 0755 unless listed in worldWritable). */
  readonly directories: readonly string[];
  /** The harness's compiled dist/ and production node_modules under /app. */
  readonly app: boolean;
  /** Dockerfile instructions for `docker import --change` (the Dockerfiles in images/ say the same). */
  readonly changes: readonly string[];
}

export const BUSYBOX: HostBinary = { name: 'busybox', candidates: ['/usr/bin/busybox', '/bin/busybox'], aptPackage: 'busybox-static' };
/** Applets linked into /usr/bin, so `docker exec <c> sh` and a shell-based wait strategy work. */
export const BUSYBOX_APPLETS = [
  'sh', 'ash', 'cat', 'ls', 'ps', 'top', 'kill', 'env', 'echo', 'sleep', 'mkdir', 'rm', 'cp', 'mv', 'ln', 'grep', 'sed', 'awk',
  'head', 'tail', 'wc', 'id', 'hostname', 'nslookup', 'wget', 'nc', 'netstat', 'ip', 'free', 'df', 'du', 'uptime', 'which', 'true', 'false', 'test', 'vi',
] as const;
export const WORLD_WRITABLE_DIRS = ['/tmp'] as const;
/** Merged-/usr links mirrored from the host when they are links there (Debian 12: /lib -> usr/lib). */
export const MERGED_USR_LINKS = ['/bin', '/sbin', '/lib', '/lib64'] as const;
export const IMAGE_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Container-side constants the platform and compose files rely on. */
export const REPLICA_CONTAINER_PORT = 8080;
export const BALANCER_CONTAINER_PORT = 8080;
export const REDIS_CONTAINER_PORT = 6379;
export const HAPROXY_CONFIG_PATH = '/usr/local/etc/haproxy/haproxy.cfg';
export const NGINX_CONFIG_PATH = '/etc/nginx/nginx.conf';
export const REPLICA_ENTRY = '/app/dist/harness/servers/replica-main.js';

const label = (kind: ImageKind): string => `LABEL org.opencontainers.image.title=mcp-lb-bench-${kind} mcp-lb-bench.image-build=offline`;

export const IMAGE_RECIPES: Readonly<Record<ImageKind, ImageRecipe>> = {
  replica: {
    kind: 'replica',
    description: 'reference MCP replica (node + dist/ + production node_modules)',
    binaries: [{ name: 'node', candidates: ['/usr/bin/node', '/usr/local/bin/node'], aptPackage: 'nodejs' }],
    optionalHostFiles: [],
    directories: ['/app'],
    app: true,
    changes: [
      `ENV ${IMAGE_PATH_ENV}`,
      'ENV NODE_ENV=production',
      'WORKDIR /app',
      `ENTRYPOINT ["node", "${REPLICA_ENTRY}"]`,
      `CMD ["--model", "stateless", "--id", "r1", "--host", "0.0.0.0", "--port", "${REPLICA_CONTAINER_PORT}"]`,
      `EXPOSE ${REPLICA_CONTAINER_PORT}`,
      label('replica'),
    ],
  },
  haproxy: {
    kind: 'haproxy',
    description: 'HAProxy from the host (config expected at ' + HAPROXY_CONFIG_PATH + ')',
    binaries: [{ name: 'haproxy', candidates: ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy'], aptPackage: 'haproxy' }],
    optionalHostFiles: [],
    directories: ['/usr/local/etc/haproxy', '/run', '/var/lib/haproxy'],
    app: false,
    changes: [`ENV ${IMAGE_PATH_ENV}`, `CMD ["haproxy", "-db", "-f", "${HAPROXY_CONFIG_PATH}"]`, `EXPOSE ${BALANCER_CONTAINER_PORT}`, label('haproxy')],
  },
  nginx: {
    kind: 'nginx',
    description: 'nginx from the host (config expected at ' + NGINX_CONFIG_PATH + ')',
    binaries: [{ name: 'nginx', candidates: ['/usr/sbin/nginx', '/usr/local/sbin/nginx'], aptPackage: 'nginx-light' }],
    optionalHostFiles: ['/etc/nginx/mime.types'],
    // Debian's nginx opens its compiled-in log and temp paths before reading the config.
    directories: ['/etc/nginx/conf.d', '/var/log/nginx', '/var/lib/nginx', '/var/cache/nginx', '/run', '/var/lock'],
    app: false,
    changes: [`ENV ${IMAGE_PATH_ENV}`, 'CMD ["nginx", "-g", "daemon off;"]', `EXPOSE ${BALANCER_CONTAINER_PORT}`, label('nginx')],
  },
  redis: {
    kind: 'redis',
    description: 'redis-server from the host',
    binaries: [{ name: 'redis-server', candidates: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'], aptPackage: 'redis-server' }],
    optionalHostFiles: [],
    directories: ['/data'],
    app: false,
    changes: [`ENV ${IMAGE_PATH_ENV}`, 'WORKDIR /data', 'CMD ["redis-server", "--protected-mode", "no"]', `EXPOSE ${REDIS_CONTAINER_PORT}`, label('redis')],
  },
};

/** Users and groups the programs look up (nginx and HAProxy drop privileges to nobody/www-data when told to). */
export const ETC_PASSWD = ['root:x:0:0:root:/root:/bin/sh', 'www-data:x:33:33:www-data:/var/www:/bin/false', 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false', ''].join('\n');
export const ETC_GROUP = ['root:x:0:', 'www-data:x:33:', 'nogroup:x:65534:', 'nobody:x:65534:', ''].join('\n');
