import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireDocker } from '../testing/docker-requirements.js';
import { buildOfflineImages, type BuiltImage } from './build-offline-images.js';
import { dockerCli } from './docker-cli.js';

const docker = await requireDocker();
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// A version of its own, so the images other tests run are never replaced underneath them.
const version = `test-${process.pid}`;

describe.skipIf(docker.skip)(`images build --offline ${docker.reason}`, () => {
  let built: BuiltImage[] = [];
  afterAll(async () => {
    for (const b of built) await dockerCli(['image', 'rm', '-f', b.tag]).catch(() => undefined);
  });

  it('makes working images from the host binaries, their libraries and a busybox shell, with no registry', async () => {
    built = await buildOfflineImages({ kinds: ['haproxy', 'redis'], repoRoot, version });
    expect(built.map((b) => b.tag)).toEqual([`mcp-lb-bench/haproxy:${version}`, `mcp-lb-bench/redis:${version}`]);
    for (const b of built) expect(b.sizeBytes).toBeGreaterThan(1_000_000);

    const haproxy = await dockerCli(['run', '--rm', `mcp-lb-bench/haproxy:${version}`, 'haproxy', '-v']);
    expect(haproxy.stdout).toMatch(/HAProxy version 2\./);
    const shell = await dockerCli(['run', '--rm', `mcp-lb-bench/redis:${version}`, 'sh', '-c', 'redis-server --version && id -un && ls -d /tmp']);
    expect(shell.stdout).toMatch(/Redis server v=7/);
    expect(shell.stdout).toContain('root');
  });

  it('starts the same way as the official images (command and exposed port in the image config)', async () => {
    const inspect = await dockerCli(['image', 'inspect', '--format', '{{json .Config.Cmd}} {{json .Config.ExposedPorts}}', `mcp-lb-bench/haproxy:${version}`]);
    expect(inspect.stdout.trim()).toBe('["haproxy","-db","-f","/usr/local/etc/haproxy/haproxy.cfg"] {"8080/tcp":{}}');
  });
});
