import { HarnessError } from '../errors/harness-error.js';
import type { Availability, BackendTraits, BalancerImplName, BalancerPolicy, BalancerTuningRequest, EffectiveTuning, PolicySupport } from './balancer.js';
import { resolveTuning } from './balancer-tuning.js';

/**
 * What every balancer checks before it starts (as a process or in a container), in one place: the
 * registry refuses these cases earlier with alternatives, so reaching them means a direct caller.
 */
export function requirePolicy(name: BalancerImplName, policy: BalancerPolicy, support: PolicySupport): void {
  if (support.supported) return;
  throw new HarnessError('E_POLICY_UNSUPPORTED', `${name} cannot run policy "${policy}": ${support.reason}`, {
    hint: 'Use another balancer for this policy, or another policy (`mcp-lb-bench doctor` lists what each balancer supports).',
  });
}

/** The health checks / retries a balancer applies for a request, or E_POLICY_UNSUPPORTED with the reason. */
export function appliedTuning(name: BalancerImplName, request: BalancerTuningRequest | undefined, traits?: BackendTraits): EffectiveTuning {
  const tuning = resolveTuning(name, request, traits?.healthProbe);
  if (!tuning.supported) {
    throw new HarnessError('E_POLICY_UNSUPPORTED', `${name} cannot apply the requested health checks/retries: ${tuning.reason}`, {
      hint: 'Change balancer.healthCheck / retries / redispatch, or use another balancer (`mcp-lb-bench doctor`).',
    });
  }
  return tuning.tuning;
}

/** The probed binary, or E_BALANCER_UNAVAILABLE with the install hint. */
export function requireAvailable(name: BalancerImplName, availability: Availability, installHint: string): Extract<Availability, { available: true }> {
  if (availability.available) return availability;
  throw new HarnessError('E_BALANCER_UNAVAILABLE', `${name} is not usable: ${availability.reason}`, { hint: installHint });
}
