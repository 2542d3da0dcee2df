import type { FlowName, WorkloadSpec } from '../config/resolved-scenario.js';
import type { LogicalOperation, LogicalSession } from './logical-session.js';
import { mixSeed, mulberry32 } from './prng.js';

const CREATE_HANDLE: LogicalOperation = { kind: 'create-handle' };
const CLOSE_HANDLE: LogicalOperation = { kind: 'close-handle' };

/**
 * Builds the i-th logical session of a cell from the workload's tool mix. Session i is a pure function
 * of (seed, i), so the same scenario replays the same calls in every cell and every run.
 */
export class SessionGenerator {
  private readonly cumulativeWeights: number[];
  private readonly totalWeight: number;
  private readonly listOp: LogicalOperation = { kind: 'list-tools' };
  /** Per mix entry, its operations: one for fixed arguments, one per argument set otherwise. */
  private readonly callOps: LogicalOperation[][];
  private readonly sequential: boolean[];
  private readonly task: LogicalOperation;
  private readonly cancelledTask: LogicalOperation;

  constructor(
    private readonly workload: WorkloadSpec,
    private readonly seed: number,
    private readonly flow: FlowName = 'tools',
  ) {
    let sum = 0;
    this.cumulativeWeights = workload.tools.map((t) => (sum += t.weight));
    this.totalWeight = sum;
    // Immutable operation objects shared by every session (one per tool and argument set): nothing per call is allocated.
    this.callOps = workload.tools.map((t) => {
      const sets = t.argumentsFrom?.values ?? [t.arguments];
      return (sets.length > 0 ? sets : [t.arguments]).map((args): LogicalOperation => ({ kind: 'call-tool', tool: t.name, arguments: args }));
    });
    this.sequential = workload.tools.map((t) => t.argumentsFrom?.kind === 'sequence');
    this.task = { kind: 'run-task', jobMs: workload.taskJobMs, cancel: false };
    this.cancelledTask = { kind: 'run-task', jobMs: workload.taskJobMs, cancel: true };
  }

  session(index: number): LogicalSession {
    const random = mulberry32(mixSeed(this.seed, index));
    const operations: LogicalOperation[] = [];
    const { workload } = this;
    if (workload.listTools) operations.push(this.listOp);
    const k = workload.callsPerSession;
    switch (this.flow) {
      case 'tools':
        for (let i = 0; i < k; i++) operations.push(this.pickCall(random, index * k + i));
        break;
      case 'basket':
        operations.push(CREATE_HANDLE);
        for (let i = 0; i < k; i++) operations.push({ kind: 'use-handle', item: `sku-${index}-${i}` });
        operations.push(CLOSE_HANDLE);
        break;
      case 'tasks':
        for (let i = 0; i < k; i++) operations.push(random() < workload.taskCancelFraction ? this.cancelledTask : this.task);
        break;
    }
    // Think times vary around their mean, as an agent's do; exact periods would let a round-robin
    // balancer's rotation line up with a client's requests and hide (or exaggerate) what it does.
    const j = workload.thinkTimeJitter;
    const jitter = (): number => 1 - j + 2 * j * random();
    const thinkTimesMs = operations.map(() => (workload.thinkTimeMs > 0 ? Math.round(workload.thinkTimeMs * jitter()) : 0));
    return { index, operations, thinkTimesMs, jitter };
  }

  /** The operation of start `index` when each start is a single request (unit: requests). */
  operation(index: number): LogicalOperation {
    return this.pickCall(mulberry32(mixSeed(this.seed, index)), index);
  }

  /**
   * An entry by weight, then its argument set: drawn at random (a list, or values generated from the
   * schema) or the `ordinal`-th in turn (a sequence: call n of the cell, n = session × calls + i).
   */
  private pickCall(random: () => number, ordinal: number): LogicalOperation {
    const target = random() * this.totalWeight;
    let entry = this.cumulativeWeights.length - 1;
    for (let i = 0; i < this.cumulativeWeights.length; i++) {
      if (target < (this.cumulativeWeights[i] as number)) {
        entry = i;
        break;
      }
    }
    const ops = this.callOps[entry] as LogicalOperation[];
    if (ops.length === 1) return ops[0] as LogicalOperation;
    const at = this.sequential[entry] ? ordinal % ops.length : Math.floor(random() * ops.length);
    return ops[at] as LogicalOperation;
  }
}
