import { ExitCode, HarnessError } from '../errors/harness-error.js';
import type { Availability, BalancerChoice, BalancerImplementation, BalancerImplName, BalancerPolicy, BalancerTuningRequest, PolicySupport } from './balancer.js';
import { BuiltinBalancer } from './builtin-balancer.js';
import { HaproxyBalancer } from './haproxy-balancer.js';
import { NginxBalancer } from './nginx-balancer.js';

export type { BalancerChoice };

/** What `auto` tries, in order. The built-in balancer always runs, so it comes last as the fallback. */
export const AUTO_PREFERENCE: readonly BalancerImplName[] = ['haproxy', 'nginx', 'builtin'];

/** How to get each implementation working when it is not; quoted in errors. */
const INSTALL_HINTS: Record<BalancerImplName, string> = {
  haproxy: 'install HAProxy (`apt-get install haproxy`) or set `balancer: builtin`',
  nginx: 'install nginx (`apt-get install nginx-light`) or set `balancer: haproxy` / `balancer: builtin`',
  builtin: 'the built-in balancer needs only Node; this is a harness bug',
};

export function defaultBalancerImplementations(): readonly BalancerImplementation[] {
  return [new HaproxyBalancer(), new NginxBalancer(), new BuiltinBalancer()];
}

export interface BalancerSelection {
  readonly implementation: BalancerImplementation;
  readonly name: BalancerImplName;
  readonly version: string;
  readonly requested: BalancerChoice;
  /** One sentence for the result file, e.g. "auto: haproxy 2.6.12 is available and supports round-robin". */
  readonly reason: string;
  /** Implementations `auto` passed over, and why. */
  readonly skipped: readonly { readonly name: BalancerImplName; readonly reason: string }[];
}

export interface ChooseBalancerOptions {
  readonly implementations?: readonly BalancerImplementation[];
  /** Health checks / retries the cell asks for; an implementation that cannot express them is not chosen. */
  readonly tuning?: BalancerTuningRequest;
}

/** Policy and tuning together: what an implementation must express to run the cell. */
function canRun(impl: BalancerImplementation, policy: BalancerPolicy, tuning: BalancerTuningRequest | undefined): PolicySupport {
  const support = impl.supports(policy);
  if (!support.supported || !tuning || !impl.supportsTuning) return support;
  return impl.supportsTuning(tuning);
}

// Probing an implementation runs a process (haproxy -v); every cell of a run asks the same question.
const availabilityCache = new WeakMap<BalancerImplementation, Promise<Availability>>();

export function cachedAvailability(impl: BalancerImplementation): Promise<Availability> {
  let cached = availabilityCache.get(impl);
  if (!cached) {
    cached = impl.availability();
    availabilityCache.set(impl, cached);
  }
  return cached;
}

/**
 * Picks the implementation that runs `policy`. `auto` prefers HAProxy, then nginx, then the built-in
 * balancer; an explicit choice is honoured or refused with the fix, never silently replaced.
 */
export async function chooseBalancer(choice: BalancerChoice, policy: BalancerPolicy, options: ChooseBalancerOptions = {}): Promise<BalancerSelection> {
  const impls = options.implementations ?? defaultBalancerImplementations();
  const find = (name: BalancerImplName): BalancerImplementation | undefined => impls.find((i) => i.name === name);
  const tuning = options.tuning;
  const supportersOf = (): string => {
    const names = impls.filter((i) => canRun(i, policy, tuning).supported).map((i) => i.name);
    return names.length > 0 ? `implementations with policy "${policy}": ${names.join(', ')}` : `no implementation supports policy "${policy}" yet`;
  };

  if (choice !== 'auto') {
    const impl = find(choice);
    const availability: Availability = impl ? await cachedAvailability(impl) : { available: false, reason: 'not registered in this harness' };
    if (!impl || !availability.available) {
      throw new HarnessError('E_BALANCER_UNAVAILABLE', `balancer "${choice}" was requested but is not available: ${availability.available ? '' : availability.reason}`, {
        hint: `${INSTALL_HINTS[choice]}; \`mcp-lb-bench doctor\` lists what this machine has`,
      });
    }
    const support = canRun(impl, policy, tuning);
    if (!support.supported) {
      // Exit code 3 like a missing binary: the scenario is valid, this implementation cannot run it.
      throw new HarnessError('E_POLICY_UNSUPPORTED', `balancer "${choice}" was requested but cannot run policy "${policy}": ${support.reason}`, {
        hint: `Choose another balancer (${supportersOf()}) or another policy; \`mcp-lb-bench doctor\` lists what each balancer supports.`,
        exitCode: ExitCode.infrastructure,
      });
    }
    return { implementation: impl, name: impl.name, version: availability.version, requested: choice, reason: `requested explicitly: ${impl.name} ${availability.version}`, skipped: [] };
  }

  const skipped: Array<{ name: BalancerImplName; reason: string }> = [];
  for (const name of AUTO_PREFERENCE) {
    const impl = find(name);
    if (!impl) continue;
    const availability = await cachedAvailability(impl);
    if (!availability.available) {
      skipped.push({ name, reason: `unavailable: ${availability.reason}` });
      continue;
    }
    const support = canRun(impl, policy, tuning);
    if (!support.supported) {
      skipped.push({ name, reason: `policy unsupported: ${support.reason}` });
      continue;
    }
    const passedOver = skipped.length > 0 ? ` (${skipped.map((s) => `${s.name} ${s.reason}`).join('; ')})` : '';
    return {
      implementation: impl,
      name,
      version: availability.version,
      requested: 'auto',
      reason: `auto: ${name} ${availability.version} is available and supports ${policy}${passedOver}`,
      skipped,
    };
  }
  const anySupports = impls.some((i) => AUTO_PREFERENCE.includes(i.name) && canRun(i, policy, tuning).supported);
  throw new HarnessError(
    anySupports ? 'E_BALANCER_UNAVAILABLE' : 'E_POLICY_UNSUPPORTED',
    `no balancer can run policy "${policy}" on this machine`,
    {
      details: skipped.map((s) => `${s.name}: ${s.reason}`),
      hint: anySupports
        ? `${installHintFor(impls, policy, tuning)}; \`mcp-lb-bench doctor\` lists what this machine has`
        : `No balancer can express policy "${policy}" with these options; remove it from the matrix or change balancer.healthCheck / retries / redispatch.`,
      exitCode: ExitCode.infrastructure,
    },
  );
}

/** The install hint of the first implementation (in auto order) that could run the policy if installed. */
function installHintFor(impls: readonly BalancerImplementation[], policy: BalancerPolicy, tuning: BalancerTuningRequest | undefined): string {
  const name = AUTO_PREFERENCE.find((n) => {
    const impl = impls.find((i) => i.name === n);
    return impl !== undefined && canRun(impl, policy, tuning).supported;
  });
  return INSTALL_HINTS[name ?? 'haproxy'];
}
