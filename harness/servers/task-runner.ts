import { isStoreUnavailable } from './store/redis-store.js';
import type { TaskOutcome, TaskStore } from './store/task-store.js';
import type { StateCounters } from './state-counters.js';

/** A finished job whose result cannot be written keeps trying this long (a store outage), then gives up. */
export const RESULT_RETRY_WINDOW_MS = 10_000;
const RESULT_RETRY_DELAY_MS = 100;

export interface TaskJob {
  readonly taskId: string;
  readonly durationMs: number;
  /** Produces the outcome when the job's time is up. */
  readonly outcome: () => TaskOutcome;
}

/**
 * Runs the work behind tasks on the replica that created them (a timer standing in for real work)
 * and writes the outcome to the task store. Cancellation is cooperative: `tasks/cancel` marks the
 * task cancelled in the store (on whatever replica it lands); the finishing write is conditional on
 * "still working", so it becomes a no-op; a cancel that lands here also drops the timer early.
 */
export class TaskRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly store: TaskStore,
    private readonly counters: StateCounters,
    private readonly now: () => number = Date.now,
  ) {}

  start(job: TaskJob): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(job.taskId);
      void this.finish(job.taskId, job.outcome(), this.now() + RESULT_RETRY_WINDOW_MS);
    }, job.durationMs);
    this.timers.set(job.taskId, timer);
  }

  /** Drops the local timer of a cancelled task (if this replica runs it). */
  cancelLocal(taskId: string): void {
    const timer = this.timers.get(taskId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(taskId);
  }

  /** Jobs running here now. */
  get running(): number {
    return this.timers.size;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async finish(taskId: string, outcome: TaskOutcome, giveUpAtMs: number): Promise<void> {
    try {
      const applied = await this.store.finish(taskId, outcome, this.now());
      if (applied) this.counters.add(outcome.status === 'completed' ? 'tasksCompleted' : 'tasksFailed');
    } catch (e) {
      if (isStoreUnavailable(e) && !this.closed && this.now() < giveUpAtMs) {
        setTimeout(() => void this.finish(taskId, outcome, giveUpAtMs), RESULT_RETRY_DELAY_MS).unref();
        return;
      }
      // Polls will see the task stay `working` until it expires: the harness counts it as lost.
      this.counters.add('taskResultsLost');
    }
  }
}
