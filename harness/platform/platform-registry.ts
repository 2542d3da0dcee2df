import type { ImagesSpec, ResolvedScenario } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { ExternalPlatform } from './external-platform.js';
import type { Platform } from './platform.js';
import { ProcessPlatform } from './process-platform.js';

/** The platform a scenario asks for (`platform:`), built from its settings. */
export function platformFor(scenario: Pick<ResolvedScenario, 'platform' | 'images' | 'target'>): Platform {
  switch (scenario.platform) {
    case 'process':
      return new ProcessPlatform();
    case 'docker':
      return lazyDockerPlatform(scenario.images);
    case 'external':
      if (!scenario.target) throw new HarnessError('E_SCENARIO_INVALID', 'platform external needs a target', { hint: 'add `target: { url: http://127.0.0.1:<port> }`' });
      return new ExternalPlatform(scenario.target);
  }
}

/**
 * testcontainers (and dockerode) take ~0.6 s to load; a process-platform run should not pay that, so
 * the docker platform is imported when its first cell starts.
 */
function lazyDockerPlatform(images: ImagesSpec): Platform {
  let platform: Promise<Platform> | undefined;
  return {
    name: 'docker',
    async start(spec, signal) {
      platform ??= import('./docker-platform.js').then((m) => new m.DockerPlatform({ images }));
      return (await platform).start(spec, signal);
    },
  };
}
