import type { ImageKind } from '../images/image-names.js';
import type { BackendAddress, BackendTraits, BalancerCounts, BalancerImplementation, BalancerPolicy, BalancerPool, BalancerTuningRequest, EffectiveTuning } from './balancer.js';

/**
 * How a balancer runs as a container: the same generated configuration the process launcher writes,
 * except that it listens on a fixed container port and addresses replicas by network alias. Pure data
 * and a renderer; the docker platform does the launching.
 */
export interface ContainerBalancerRecipe {
  readonly imageKind: ImageKind;
  /** Where the config goes inside the container, and its file name in the cell's work folder. */
  readonly configPath: string;
  readonly configFileName: string;
  readonly command: readonly string[];
  /** Prints the version; run with `docker exec` (no shell needed). */
  readonly versionCommand: readonly string[];
  parseVersion(output: string): string;
  renderConfig(input: ContainerBalancerConfigInput): { readonly text: string; readonly tuning: EffectiveTuning };
  /**
   * Its own per-replica counts when it attributes (BackendTraits.attribute): from its published port
   * (`baseUrl`) or its output (`logs`, the container's stdout lines so far). Absent: it cannot count.
   */
  readCounts?(source: { readonly baseUrl: string; readonly backends: readonly BackendAddress[]; logs(): Promise<readonly string[]> }): Promise<BalancerCounts>;
}

export interface ContainerBalancerConfigInput {
  readonly policy: BalancerPolicy;
  readonly backends: readonly BackendAddress[];
  readonly runId: string;
  /** route-by-* pools and health-check/retry settings, as the process launcher gets them. */
  readonly pools?: readonly BalancerPool[] | undefined;
  readonly tuning?: BalancerTuningRequest | undefined;
  /** What the replicas offer; undefined = the reference servers. */
  readonly backendTraits?: BackendTraits | undefined;
}

/**
 * One registered balancer: everything the harness knows about it in one place. The process launcher
 * (the BalancerImplementation it extends) also answers which policies and tuning the software can
 * express; those are properties of the balancer, not of where it runs, so a container uses the same.
 */
export interface BalancerKind extends BalancerImplementation {
  /** How to get it working when it is not; quoted in errors. */
  readonly installHint: string;
  /** How it runs on platform docker; undefined when it cannot. */
  readonly container: ContainerBalancerRecipe | undefined;
  /** Why it cannot run in a container, when `container` is undefined. */
  readonly noContainerReason?: string;
}
