import { BALANCER_CONTAINER_PORT, HAPROXY_CONFIG_PATH } from '../images/image-recipes.js';
import type { ContainerBalancerRecipe } from './balancer-kind.js';
import { appliedTuning } from './start-checks.js';
import { buildHaproxyConfig } from './haproxy-config.js';
import { HAPROXY_CONFIG_FILE } from './haproxy-balancer.js';
import { readHaproxyCounts } from './haproxy-stats.js';

/** HAProxy in a container: replica names re-resolved through the network's DNS (a restarted replica moves). */
export const HAPROXY_CONTAINER_RECIPE: ContainerBalancerRecipe = {
  imageKind: 'haproxy',
  configPath: HAPROXY_CONFIG_PATH,
  configFileName: HAPROXY_CONFIG_FILE,
  // -db: stay in the foreground as the container's main process. The official image's entrypoint adds -W too.
  command: ['haproxy', '-db', '-f', HAPROXY_CONFIG_PATH],
  versionCommand: ['haproxy', '-v'],
  parseVersion: (out) => /version (\S+)/i.exec(out)?.[1] ?? 'unknown',
  renderConfig: (input) => {
    const tuning = appliedTuning('haproxy', input.tuning, input.backendTraits);
    const text = buildHaproxyConfig({
      policy: input.policy,
      backends: input.backends,
      runId: input.runId,
      pools: input.pools,
      tuning,
      bind: { host: '0.0.0.0', port: BALANCER_CONTAINER_PORT },
      resolveAtRuntime: true,
      backendTraits: input.backendTraits,
    });
    return { text, tuning };
  },
  readCounts: ({ baseUrl }) => readHaproxyCounts(baseUrl),
};
