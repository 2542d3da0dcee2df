import { describeExit, type StartedProcess } from '../proc/child-process.js';
import type { BalancerCounts, BalancerImplName, BalancerPolicy, EffectiveTuning, StartedBalancer } from './balancer.js';

export interface ProcessBalancerInit {
  readonly impl: BalancerImplName;
  readonly version: string;
  readonly policy: BalancerPolicy;
  readonly url: string;
  readonly configFile: string | undefined;
  readonly process: StartedProcess;
  readonly tuning?: EffectiveTuning;
  /** Its own per-replica counts, when it attributes answers (BackendTraits.attribute). */
  readonly counts?: (() => Promise<BalancerCounts>) | undefined;
}

/** A balancer that is one child process: stopping it is stopping the process (idempotent). */
export class ProcessBalancer implements StartedBalancer {
  readonly impl: BalancerImplName;
  readonly version: string;
  readonly policy: BalancerPolicy;
  readonly url: string;
  readonly pid: number;
  readonly configFile: string | undefined;
  readonly tuning?: EffectiveTuning;
  private readonly process: StartedProcess;

  constructor(init: ProcessBalancerInit) {
    this.impl = init.impl;
    this.version = init.version;
    this.policy = init.policy;
    this.url = init.url;
    this.configFile = init.configFile;
    this.process = init.process;
    this.pid = init.process.pid;
    if (init.tuning) this.tuning = init.tuning;
    if (init.counts) this.counts = init.counts;
  }

  counts?(): Promise<BalancerCounts>;

  /** Resolves when the process ends on its own or after stop(); lets callers notice a crashed balancer. */
  get exited(): StartedProcess['exited'] {
    return this.process.exited;
  }

  get ended(): Promise<string> {
    return this.process.exited.then(describeExit);
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
