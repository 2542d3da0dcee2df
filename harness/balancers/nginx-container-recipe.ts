import { BALANCER_CONTAINER_PORT, NGINX_CONFIG_PATH } from '../images/image-recipes.js';
import type { ContainerBalancerRecipe } from './balancer-kind.js';
import { appliedTuning } from './start-checks.js';
import { parseNginxVersion } from './nginx-availability.js';
import { NGINX_CONFIG_FILE } from './nginx-balancer.js';
import { buildNginxConfig } from './nginx-config.js';

/** nginx in a container: the generated config says `daemon off;` and uses paths relative to the prefix (-p). */
export const NGINX_CONTAINER_RECIPE: ContainerBalancerRecipe = {
  imageKind: 'nginx',
  configPath: NGINX_CONFIG_PATH,
  configFileName: NGINX_CONFIG_FILE,
  command: ['nginx', '-p', '/etc/nginx/', '-c', NGINX_CONFIG_PATH],
  versionCommand: ['nginx', '-v'],
  parseVersion: (out) => parseNginxVersion(out)?.full ?? 'unknown',
  renderConfig: (input) => {
    const tuning = appliedTuning('nginx', input.tuning);
    const text = buildNginxConfig({ policy: input.policy, backends: input.backends, runId: input.runId, pools: input.pools, tuning, listen: { host: '0.0.0.0', port: BALANCER_CONTAINER_PORT } });
    return { text, tuning };
  },
};
