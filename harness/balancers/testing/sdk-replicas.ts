import type { ServerModel } from '../../servers/replica-contract.js';
import { startReplicaFixture, type ReplicaFixture } from '../../servers/replica-fixture.js';
import { fetchStats } from '../../servers/replica-test-client.js';
import type { BackendAddress } from '../balancer.js';
import type { ReplicaToolCalls } from '../pool-assignment.js';

/** N real SDK replicas (replica-main) of one model, for the policy suite. For tests only. */
export class SdkReplicas {
  private fixtures: ReplicaFixture[] = [];

  constructor(
    readonly model: ServerModel,
    private readonly count = 3,
    /** More replica-main arguments, e.g. ['--task-store', 'memory']. */
    private readonly extraArgs: readonly string[] = [],
  ) {}

  async start(runId: string): Promise<void> {
    const started = await Promise.allSettled(
      Array.from({ length: this.count }, (_, i) => startReplicaFixture({ runId, args: ['--model', this.model, '--id', `r${i + 1}`, ...this.extraArgs] })),
    );
    this.fixtures = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await this.stop();
      throw failed.reason;
    }
  }

  backends(): BackendAddress[] {
    return this.fixtures.map((f) => ({ id: f.ready.replicaId, host: f.ready.host, port: f.ready.port }));
  }

  /** Each replica's own tool-call counts (its /-/stats). */
  async toolCalls(): Promise<ReplicaToolCalls[]> {
    return Promise.all(this.fixtures.map(async (f) => ({ replicaId: f.ready.replicaId, toolCalls: (await fetchStats(f.baseUrl)).toolCalls })));
  }

  async stop(): Promise<void> {
    await Promise.all(this.fixtures.splice(0).map((f) => f.process.stop()));
  }
}
