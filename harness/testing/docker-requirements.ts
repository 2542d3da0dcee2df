import { dockerAvailability, imageExists } from '../platform/docker-client.js';
import { defaultImageNames } from '../images/image-names.js';
import type { ImageKind } from '../images/image-names.js';

/**
 * Docker tests (`*.docker.test.ts`) skip with a one-line reason on a machine without a Docker daemon or
 * without the harness images, and fail under CI (CI=true), where .ci/run starts dockerd and builds the
 * images first. Use at the top of a test file: `const docker = await requireDocker(['replica', 'haproxy'])`.
 */
export async function requireDocker(images: readonly ImageKind[] = []): Promise<{ skip: boolean; reason: string }> {
  const ci = process.env['CI'] === 'true';
  const daemon = await dockerAvailability();
  if (!daemon.available) {
    const reason = `no Docker daemon (${daemon.reason.split('\n')[0]}); start one with scripts/start-dockerd.sh`;
    if (ci) throw new Error(`Docker is required under CI=true: ${reason}; .ci/run should have started it`);
    return { skip: true, reason: `${reason}; skipping docker tests` };
  }
  const names = defaultImageNames();
  const missing: string[] = [];
  for (const kind of images) if (!(await imageExists(names[kind]))) missing.push(names[kind]);
  if (missing.length > 0) {
    const reason = `images missing: ${missing.join(', ')} (npm run build && node bin/mcp-lb-bench.js images build --offline)`;
    if (ci) throw new Error(`Docker images are required under CI=true: ${reason}; .ci/run should have built them`);
    return { skip: true, reason: `${reason}; skipping docker tests` };
  }
  return { skip: false, reason: '' };
}
