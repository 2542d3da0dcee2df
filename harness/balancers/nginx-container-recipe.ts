import { BALANCER_CONTAINER_PORT, NGINX_CONFIG_PATH } from '../images/image-recipes.js';
import type { ContainerBalancerRecipe } from './balancer-kind.js';
import { appliedTuning } from './start-checks.js';
import { parseNginxVersion } from './nginx-availability.js';
import { NGINX_CONFIG_FILE } from './nginx-balancer.js';
import { buildNginxConfig } from './nginx-config.js';
import { NginxLogCounter } from './nginx-attribution.js';

const CONTAINER_ACCESS_LOG = '/dev/stdout';

/** nginx in a container: the generated config says `daemon off;` and uses paths relative to the prefix (-p). */
export const NGINX_CONTAINER_RECIPE: ContainerBalancerRecipe = {
  imageKind: 'nginx',
  configPath: NGINX_CONFIG_PATH,
  configFileName: NGINX_CONFIG_FILE,
  command: ['nginx', '-p', '/etc/nginx/', '-c', NGINX_CONFIG_PATH],
  versionCommand: ['nginx', '-v'],
  parseVersion: (out) => parseNginxVersion(out)?.full ?? 'unknown',
  renderConfig: (input) => {
    const tuning = appliedTuning('nginx', input.tuning, input.backendTraits);
    const text = buildNginxConfig({
      policy: input.policy,
      backends: input.backends,
      runId: input.runId,
      pools: input.pools,
      tuning,
      listen: { host: '0.0.0.0', port: BALANCER_CONTAINER_PORT },
      backendTraits: input.backendTraits,
      accessLog: CONTAINER_ACCESS_LOG,
    });
    return { text, tuning };
  },
  // The access log goes to the container's stdout; Docker keeps all of it, so each read counts it whole.
  readCounts: async ({ logs, backends }) => {
    const counter = new NginxLogCounter(backends);
    for (const line of await logs()) counter.add(line);
    return counter.snapshot();
  },
};
