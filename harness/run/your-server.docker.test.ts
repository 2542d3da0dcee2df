import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { buildPackageImage, installedPackageVersion } from '../images/build-package-image.js';
import { PACKAGE_IMAGES, packageImageTag } from '../images/package-images.js';
import { imageExists } from '../platform/docker-client.js';
import { requireDocker } from '../testing/docker-requirements.js';
import { expectYourServerAccepted } from '../testing/your-server-checks.js';
import { runScenario } from './run-scenario.js';

const docker = await requireDocker(['haproxy']);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIO = path.join(REPO, 'scenarios/your-server.yaml');

describe.skipIf(docker.skip)(`scenarios/your-server.yaml on platform docker: the package's image as 3 replicas ${docker.reason}`, () => {
  let dir: string | undefined;
  beforeAll(async () => {
    // The package's image is built offline from this checkout when it is not there yet (a few seconds).
    const image = PACKAGE_IMAGES['everything']!;
    if (!(await imageExists(packageImageTag(image, installedPackageVersion(REPO, image))))) await buildPackageImage({ image, repoRoot: REPO });
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs both cells from the image, no tool errors, counts reconciled from the HAProxy container', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-your-server-docker-'));
    const scenario = resolveScenario({ file: SCENARIO, env: {}, flags: { platform: 'docker', duration: '2s', warmup: '500ms', set: [] } });
    const { result } = await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] });
    expectYourServerAccepted(result, 'docker');
  }, 180_000);
});
