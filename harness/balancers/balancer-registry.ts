import { HarnessError } from '../errors/harness-error.js';
import type { Availability, BalancerChoice, BalancerImplementation, BalancerImplName, BalancerPolicy } from './balancer.js';
import { BuiltinBalancer } from './builtin-balancer.js';
import { HaproxyBalancer } from './haproxy-balancer.js';
import { NotImplementedBalancer } from './not-implemented-balancer.js';

export type { BalancerChoice };

/** What `auto` tries, in order. The built-in balancer always runs, so it comes last as the fallback. */
export const AUTO_PREFERENCE: readonly BalancerImplName[] = ['haproxy', 'builtin'];

/** How to get each implementation working when it is not; quoted in errors. */
const INSTALL_HINTS: Record<BalancerImplName, string> = {
  haproxy: 'install HAProxy (`apt-get install haproxy`) or set `balancer: builtin`',
  nginx: 'nginx support is not implemented yet: set `balancer: haproxy`, `balancer: builtin` or `balancer: auto`',
  builtin: 'the built-in balancer needs only Node; this is a harness bug',
};

export function defaultBalancerImplementations(): readonly BalancerImplementation[] {
  return [new HaproxyBalancer(), new NotImplementedBalancer('nginx'), new BuiltinBalancer()];
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
 * Picks the implementation that runs `policy`. `auto` prefers HAProxy and falls back to the built-in
 * balancer; an explicit choice is honoured or refused with the fix, never silently replaced.
 */
export async function chooseBalancer(choice: BalancerChoice, policy: BalancerPolicy, options: ChooseBalancerOptions = {}): Promise<BalancerSelection> {
  const impls = options.implementations ?? defaultBalancerImplementations();
  const find = (name: BalancerImplName): BalancerImplementation | undefined => impls.find((i) => i.name === name);
  const supportersOf = (): string => {
    const names = impls.filter((i) => i.supports(policy).supported).map((i) => i.name);
    return names.length > 0 ? `implementations with policy "${policy}": ${names.join(', ')}` : `no implementation supports policy "${policy}" yet`;
  };

  if (choice !== 'auto') {
    const impl = find(choice);
    const availability: Availability = impl ? await cachedAvailability(impl) : { available: false, reason: 'not registered in this harness' };
    if (!impl || !availability.available) {
      throw new HarnessError('E_BALANCER_UNAVAILABLE', `balancer "${choice}" was requested but is not available: ${availability.available ? '' : availability.reason}`, {
        hint: INSTALL_HINTS[choice],
      });
    }
    const support = impl.supports(policy);
    if (!support.supported) {
      throw new HarnessError('E_POLICY_UNSUPPORTED', `balancer "${choice}" was requested but does not support policy "${policy}": ${support.reason}`, {
        hint: `Choose another balancer (${supportersOf()}) or another policy.`,
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
    const support = impl.supports(policy);
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
  const anySupports = impls.some((i) => AUTO_PREFERENCE.includes(i.name) && i.supports(policy).supported);
  throw new HarnessError(
    anySupports ? 'E_BALANCER_UNAVAILABLE' : 'E_POLICY_UNSUPPORTED',
    `no balancer can run policy "${policy}" on this machine`,
    {
      details: skipped.map((s) => `${s.name}: ${s.reason}`),
      hint: anySupports ? INSTALL_HINTS.haproxy : `Policy "${policy}" is not implemented by any balancer yet; remove it from the matrix.`,
    },
  );
}
