import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import type { SizeSettings } from '../results/size-result-types.js';
import { STEP_ISOLATION } from './clear-sessions.js';
import { STEP_LIMITS } from './step-judge.js';

export interface SizeOptions {
  /** The scenario's `sizing.quick` preset instead of its normal precision and step lengths. */
  readonly quick: boolean;
  /** Overrides `sizing.target` (sessions/s). */
  readonly targetPerSec?: number | undefined;
}

const EXAMPLE = 'e.g. slo: { callP99: 100ms, errorRate: 0.1% } and sizing: { cpuPerReplica: 0.3 } (scenarios/capacity.yaml is a complete example)';

/**
 * What a `size` run searches with: the scenario's SLO and sizing section, the `--quick` preset when
 * asked, the target rate. A scenario without an SLO or a CPU cap cannot be sized: without the cap the
 * search would find this machine's ceiling, not the replicas'.
 */
export function sizeSettings(scenario: ResolvedScenario, options: SizeOptions): SizeSettings {
  const missing = [...(scenario.slo ? [] : ['slo']), ...(scenario.sizing ? [] : ['sizing'])];
  if (missing.length > 0) {
    throw new HarnessError('E_SCENARIO_INVALID', `scenario ${scenario.name} has no ${missing.join(' and no ')} section: size needs both`, { hint: `add ${EXAMPLE}` });
  }
  if (scenario.platform === 'external') {
    throw new HarnessError('E_SCENARIO_INVALID', 'size cannot run on platform external: it caps each replica’s CPU, and an external deployment’s replicas are not the harness’s to cap', {
      hint: 'run it with --platform process (as root, cgroup v1 cpu controller) or --platform docker',
    });
  }
  const sizing = scenario.sizing!;
  const steps = options.quick ? sizing.quick : sizing;
  return {
    quick: options.quick,
    slo: scenario.slo!,
    cpuCap: { coresPerReplica: sizing.cpuPerReplica, periodUs: sizing.cfsPeriodUs },
    search: {
      startRatePerSecPerReplica: sizing.startRatePerSec,
      maxRatePerSec: sizing.maxRatePerSec,
      growthFactor: sizing.growthFactor,
      precision: steps.precision,
      stepMs: steps.stepMs,
      stepWarmupMs: steps.stepWarmupMs,
      replicaWarmupMs: steps.replicaWarmupMs,
      confirmMs: steps.confirmMs,
      settleTimeoutMs: sizing.settleTimeoutMs,
    },
    targetPerSec: options.targetPerSec ?? sizing.targetPerSec,
    stepIsolation: STEP_ISOLATION,
    limits: { ...STEP_LIMITS },
  };
}
