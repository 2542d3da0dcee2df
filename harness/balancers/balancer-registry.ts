import { ExitCode, HarnessError } from '../errors/harness-error.js';
import type { Availability, BalancerChoice, BalancerImplementation, BalancerImplName, BalancerPolicy, BalancerTuningRequest, PolicySupport } from './balancer.js';
import { BALANCER_IMPLEMENTATIONS } from './balancer.js';
import type { BalancerKind, ContainerBalancerRecipe } from './balancer-kind.js';
import { BuiltinBalancer } from './builtin-balancer.js';
import { HaproxyBalancer } from './haproxy-balancer.js';
import { HAPROXY_CONTAINER_RECIPE } from './haproxy-container-recipe.js';
import { NginxBalancer } from './nginx-balancer.js';
import { NGINX_CONTAINER_RECIPE } from './nginx-container-recipe.js';

export type { BalancerChoice, BalancerKind };

/**
 * The balancer registry: one entry per balancer, and every list, CLI choice, `auto` order and install
 * hint derived from it. BALANCER_IMPLEMENTATIONS (balancer.ts) names them once, in `auto` order; the
 * record below must have an entry for each (the compiler checks), so a new balancer is one entry here.
 */
interface KindExtras {
  readonly installHint: string;
  readonly container: ContainerBalancerRecipe | undefined;
  readonly noContainerReason?: string;
}

const EXTRAS: Readonly<Record<BalancerImplName, KindExtras>> = {
  haproxy: { installHint: 'install HAProxy (`apt-get install haproxy`) or set `balancer: builtin`', container: HAPROXY_CONTAINER_RECIPE },
  nginx: { installHint: 'install nginx (`apt-get install nginx-light`) or set `balancer: haproxy` / `balancer: builtin`', container: NGINX_CONTAINER_RECIPE },
  builtin: {
    installHint: 'the built-in balancer needs only Node; this is a harness bug',
    container: undefined,
    noContainerReason: 'the built-in balancer listens on an OS-chosen port, which a container cannot publish ahead of time',
  },
};

const PROCESS_LAUNCHERS: Readonly<Record<BalancerImplName, () => BalancerImplementation>> = {
  haproxy: () => new HaproxyBalancer(),
  nginx: () => new NginxBalancer(),
  builtin: () => new BuiltinBalancer(),
};

// Built once per process: each launcher caches its binary probe (`haproxy -v`), a fact about this machine.
let registry: readonly BalancerKind[] | undefined;

/** Every registered balancer, in `auto` order (the built-in one last: it always runs, so it is the fallback). */
export function balancerKinds(): readonly BalancerKind[] {
  return (registry ??= buildRegistry());
}

function buildRegistry(): readonly BalancerKind[] {
  return BALANCER_IMPLEMENTATIONS.map((name) => {
    const launcher = PROCESS_LAUNCHERS[name]();
    const extras = EXTRAS[name];
    const kind: BalancerKind = {
      name,
      installHint: extras.installHint,
      container: extras.container,
      ...(extras.noContainerReason ? { noContainerReason: extras.noContainerReason } : {}),
      availability: () => launcher.availability(),
      supports: (policy) => launcher.supports(policy),
      ...(launcher.supportsTuning ? { supportsTuning: (t: BalancerTuningRequest) => launcher.supportsTuning!(t) } : {}),
      start: (spec, signal) => launcher.start(spec, signal),
    };
    return kind;
  });
}

/** What `--balancer` and `balancer:` accept. */
export const BALANCER_CHOICES: readonly BalancerChoice[] = ['auto', ...BALANCER_IMPLEMENTATIONS];

/** Where the chosen balancer will run: that decides what "available" means and what `auto` picks. */
export type BalancerPlatform = 'process' | 'docker' | 'external';

export interface BalancerSelection {
  readonly kind: BalancerKind;
  readonly name: BalancerImplName;
  /** The process launcher's probed version; undefined in a container (read from the image when it starts) or an external deployment. */
  readonly version: string | undefined;
  readonly requested: BalancerChoice;
  readonly platform: BalancerPlatform;
  /** One sentence for the result file, e.g. "auto: haproxy 2.6.12 is available and supports round-robin". */
  readonly reason: string;
  /** Implementations `auto` passed over, and why. */
  readonly skipped: readonly { readonly name: BalancerImplName; readonly reason: string }[];
}

export interface ChooseBalancerOptions {
  /** Test seam; default: the registry. */
  readonly implementations?: readonly BalancerKind[];
  /** Health checks / retries the cell asks for; a balancer that cannot express them is not chosen. */
  readonly tuning?: BalancerTuningRequest | undefined;
  /** Default process. */
  readonly platform?: BalancerPlatform;
}

/** Policy and tuning together: what a balancer must express to run the cell. */
export function canRun(kind: BalancerKind, policy: BalancerPolicy, tuning: BalancerTuningRequest | undefined): PolicySupport {
  const support = kind.supports(policy);
  if (!support.supported || !tuning || !kind.supportsTuning) return support;
  return kind.supportsTuning(tuning);
}

// Probing a binary runs a process (haproxy -v); every cell of a run asks the same question.
const availabilityCache = new WeakMap<BalancerKind, Promise<Availability>>();

export function cachedAvailability(kind: BalancerKind): Promise<Availability> {
  let cached = availabilityCache.get(kind);
  if (!cached) {
    cached = kind.availability();
    availabilityCache.set(kind, cached);
  }
  return cached;
}

/** Whether a balancer can run on a platform at all (binary on this machine, or a container recipe). */
async function runnableOn(kind: BalancerKind, platform: BalancerPlatform): Promise<Availability | { available: true; version: undefined; path: undefined }> {
  if (platform === 'process') return cachedAvailability(kind);
  if (platform === 'docker') {
    return kind.container ? { available: true, version: undefined, path: undefined } : { available: false, reason: `cannot run on platform docker: ${kind.noContainerReason ?? 'no container recipe'}` };
  }
  return { available: true, version: undefined, path: undefined };
}

function describe(name: string, version: string | undefined, platform: BalancerPlatform): string {
  if (platform === 'docker') return `${name} container`;
  if (platform === 'external') return `${name} (external deployment, not started by the harness)`;
  return `${name} ${version ?? ''}`.trim();
}

/**
 * Picks the balancer that runs `policy` on `platform`. `auto` takes the first registered balancer that
 * can run there and express the policy; an explicit choice is honoured or refused with the fix, never
 * silently replaced. On platform external the scenario names what the deployment runs (no `auto`).
 */
export async function chooseBalancer(choice: BalancerChoice, policy: BalancerPolicy, options: ChooseBalancerOptions = {}): Promise<BalancerSelection> {
  const kinds = options.implementations ?? balancerKinds();
  const platform = options.platform ?? 'process';
  const tuning = options.tuning;
  const find = (name: BalancerImplName): BalancerKind | undefined => kinds.find((k) => k.name === name);
  const onPlatform = platform === 'docker' ? kinds.filter((k) => k.container) : kinds;
  const supportersOf = (): string => {
    const names = onPlatform.filter((k) => canRun(k, policy, tuning).supported).map((k) => k.name);
    return names.length > 0 ? `balancers with policy "${policy}"${platform === 'docker' ? ' in a container' : ''}: ${names.join(', ')}` : `no balancer supports policy "${policy}" yet`;
  };

  if (platform === 'external') {
    const kind = choice === 'auto' ? undefined : find(choice);
    if (!kind) {
      throw new HarnessError('E_USAGE', 'platform external: the scenario must name the deployed balancer', {
        hint: `set \`balancer:\` to what the deployment runs (${BALANCER_IMPLEMENTATIONS.join(', ')}); it is recorded with the results`,
      });
    }
    return { kind, name: kind.name, version: undefined, requested: choice, platform, reason: `external deployment (not started by the harness): ${kind.name}`, skipped: [] };
  }

  if (choice !== 'auto') {
    const kind = find(choice);
    const availability = kind ? await runnableOn(kind, platform) : ({ available: false, reason: 'not registered in this harness' } as const);
    if (!kind || !availability.available) {
      const hint =
        platform === 'docker'
          ? `Use ${kinds.filter((k) => k.container).map((k) => `balancer: ${k.name}`).join(' or ')} (or auto) with platform docker, or platform: process for "${choice}".`
          : `${kind?.installHint ?? 'choose a registered balancer'}; \`mcp-lb-bench doctor\` lists what this machine has`;
      throw new HarnessError('E_BALANCER_UNAVAILABLE', `balancer "${choice}" was requested but is not available${platform === 'docker' ? ' on platform docker' : ''}: ${availability.available ? '' : availability.reason}`, { hint });
    }
    const support = canRun(kind, policy, tuning);
    if (!support.supported) {
      // Exit code 3 like a missing binary: the scenario is valid, this balancer cannot run it.
      throw new HarnessError('E_POLICY_UNSUPPORTED', `balancer "${choice}" was requested but cannot run policy "${policy}": ${support.reason}`, {
        hint: `Choose another balancer (${supportersOf()}) or another policy; \`mcp-lb-bench doctor\` lists what each balancer supports.`,
        exitCode: ExitCode.infrastructure,
      });
    }
    const version = availability.version;
    return { kind, name: kind.name, version, requested: choice, platform, reason: `requested explicitly: ${describe(kind.name, version, platform)}`, skipped: [] };
  }

  const skipped: Array<{ name: BalancerImplName; reason: string }> = [];
  for (const kind of kinds) {
    const availability = await runnableOn(kind, platform);
    if (!availability.available) {
      skipped.push({ name: kind.name, reason: `unavailable: ${availability.reason}` });
      continue;
    }
    const support = canRun(kind, policy, tuning);
    if (!support.supported) {
      skipped.push({ name: kind.name, reason: `policy unsupported: ${support.reason}` });
      continue;
    }
    const passedOver = skipped.length > 0 ? ` (${skipped.map((s) => `${s.name} ${s.reason}`).join('; ')})` : '';
    const where = platform === 'docker' ? ' on platform docker' : '';
    return {
      kind,
      name: kind.name,
      version: availability.version,
      requested: 'auto',
      platform,
      reason: `auto${where}: ${describe(kind.name, availability.version, platform)} ${platform === 'docker' ? 'supports' : 'is available and supports'} ${policy}${passedOver}`,
      skipped,
    };
  }
  const anySupports = onPlatform.some((k) => canRun(k, policy, tuning).supported);
  throw new HarnessError(anySupports ? 'E_BALANCER_UNAVAILABLE' : 'E_POLICY_UNSUPPORTED', `no balancer can run policy "${policy}" ${platform === 'docker' ? 'on platform docker' : 'on this machine'}`, {
    details: skipped.map((s) => `${s.name}: ${s.reason}`),
    hint: anySupports
      ? `${installHintFor(kinds, policy, tuning)}; \`mcp-lb-bench doctor\` lists what this machine has`
      : `No balancer can express policy "${policy}" with these options; remove it from the matrix or change balancer.healthCheck / retries / redispatch.`,
    exitCode: ExitCode.infrastructure,
  });
}

/** The install hint of the first balancer (in auto order) that could run the policy if installed. */
function installHintFor(kinds: readonly BalancerKind[], policy: BalancerPolicy, tuning: BalancerTuningRequest | undefined): string {
  return kinds.find((k) => canRun(k, policy, tuning).supported)?.installHint ?? kinds[0]?.installHint ?? 'install a balancer';
}
