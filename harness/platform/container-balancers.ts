import type { BackendAddress, BalancerImplName, BalancerPolicy, BalancerPool, BalancerTuningRequest, EffectiveTuning, PolicySupport } from '../balancers/balancer.js';
import { resolveTuning } from '../balancers/balancer-tuning.js';
import { buildHaproxyConfig, haproxyPolicySupport } from '../balancers/haproxy-config.js';
import { HAPROXY_CONFIG_FILE } from '../balancers/haproxy-balancer.js';
import { parseNginxVersion } from '../balancers/nginx-availability.js';
import { NGINX_CONFIG_FILE } from '../balancers/nginx-balancer.js';
import { buildNginxConfig } from '../balancers/nginx-config.js';
import { nginxPolicySupport } from '../balancers/nginx-policies.js';
import type { BalancerChoice } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { BALANCER_CONTAINER_PORT, HAPROXY_CONFIG_PATH, NGINX_CONFIG_PATH } from '../images/image-recipes.js';
import type { ImageKind } from '../images/image-names.js';

/**
 * Balancers that run as containers, each with the same generated configuration the process platform
 * uses, except that it listens on a fixed container port and addresses replicas by network alias.
 * (The built-in Node balancer listens on an OS-chosen port, which a container cannot publish ahead.)
 */
export interface ContainerBalancerKind {
  readonly impl: BalancerImplName;
  readonly imageKind: ImageKind;
  /** Where the config goes inside the container, and its file name in the cell's work folder. */
  readonly configPath: string;
  readonly configFileName: string;
  readonly command: readonly string[];
  /** Prints the version; run with `docker exec` (no shell needed). */
  readonly versionCommand: readonly string[];
  parseVersion(output: string): string;
  supports(policy: BalancerPolicy): PolicySupport;
  renderConfig(input: ContainerBalancerConfigInput): { readonly text: string; readonly tuning: EffectiveTuning };
}

export interface ContainerBalancerConfigInput {
  readonly policy: BalancerPolicy;
  readonly backends: readonly BackendAddress[];
  readonly runId: string;
  /** route-by-* pools and health-check/retry settings, as the process platform passes them. */
  readonly pools?: readonly BalancerPool[];
  readonly tuning?: BalancerTuningRequest;
}

const haproxy: ContainerBalancerKind = {
  impl: 'haproxy',
  imageKind: 'haproxy',
  configPath: HAPROXY_CONFIG_PATH,
  configFileName: HAPROXY_CONFIG_FILE,
  // -db: stay in the foreground as the container's main process. The official image's entrypoint adds -W too.
  command: ['haproxy', '-db', '-f', HAPROXY_CONFIG_PATH],
  versionCommand: ['haproxy', '-v'],
  parseVersion: (out) => /version (\S+)/i.exec(out)?.[1] ?? 'unknown',
  supports: haproxyPolicySupport,
  renderConfig: (input) => {
    const tuning = resolveTuning('haproxy', input.tuning);
    if (!tuning.supported) {
      throw new HarnessError('E_POLICY_UNSUPPORTED', `haproxy cannot apply the requested health checks/retries: ${tuning.reason}`, { hint: 'Change balancer.healthCheck / retries / redispatch.' });
    }
    const text = buildHaproxyConfig({ policy: input.policy, backends: input.backends, runId: input.runId, pools: input.pools, tuning: tuning.tuning, bind: { host: '0.0.0.0', port: BALANCER_CONTAINER_PORT }, resolveAtRuntime: true });
    return { text, tuning: tuning.tuning };
  },
};

const nginx: ContainerBalancerKind = {
  impl: 'nginx',
  imageKind: 'nginx',
  configPath: NGINX_CONFIG_PATH,
  configFileName: NGINX_CONFIG_FILE,
  // The generated config says `daemon off;` and uses paths relative to the prefix (-p).
  command: ['nginx', '-p', '/etc/nginx/', '-c', NGINX_CONFIG_PATH],
  versionCommand: ['nginx', '-v'],
  parseVersion: (out) => parseNginxVersion(out)?.full ?? 'unknown',
  supports: nginxPolicySupport,
  renderConfig: (input) => {
    const tuning = resolveTuning('nginx', input.tuning);
    if (!tuning.supported) {
      throw new HarnessError('E_POLICY_UNSUPPORTED', `nginx cannot apply the requested health checks/retries: ${tuning.reason}`, { hint: 'Change balancer.healthCheck / retries / redispatch.' });
    }
    const text = buildNginxConfig({ policy: input.policy, backends: input.backends, runId: input.runId, pools: input.pools, tuning: tuning.tuning, listen: { host: '0.0.0.0', port: BALANCER_CONTAINER_PORT } });
    return { text, tuning: tuning.tuning };
  },
};

export const CONTAINER_BALANCERS: readonly ContainerBalancerKind[] = [haproxy, nginx];

/** `auto` means HAProxy in a container; an explicit choice is honoured or refused with the fix. */
export function containerBalancerFor(choice: BalancerChoice, policy: BalancerPolicy): { kind: ContainerBalancerKind; reason: string } {
  const name = choice === 'auto' ? 'haproxy' : choice;
  const kind = CONTAINER_BALANCERS.find((k) => k.impl === name);
  if (!kind) {
    throw new HarnessError('E_BALANCER_UNAVAILABLE', `balancer "${name}" cannot run on platform docker yet`, {
      hint: `Use ${CONTAINER_BALANCERS.map((k) => `balancer: ${k.impl}`).join(' or ')} (or auto) with platform docker, or platform: process for "${name}".`,
    });
  }
  const support = kind.supports(policy);
  if (!support.supported) {
    throw new HarnessError('E_POLICY_UNSUPPORTED', `balancer "${name}" on platform docker does not support policy "${policy}": ${support.reason}`, {
      hint: 'Choose another policy, or platform: process with balancer: builtin.',
    });
  }
  return { kind, reason: choice === 'auto' ? `auto on platform docker: ${name} container` : `requested explicitly: ${name} container` };
}
