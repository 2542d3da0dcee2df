import { randomBytes } from 'node:crypto';
import { taskOwnerOf } from '../replica-contract.js';
import type { TaskStatus } from '../state-contract.js';

/** A task as stored (times in epoch ms; the wire shows ISO strings). */
export interface StoredTask {
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly statusMessage?: string;
  readonly createdAtMs: number;
  readonly lastUpdatedAtMs: number;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  /** The CallToolResult, once completed. */
  readonly result?: unknown;
  /** The JSON-RPC error, once failed. */
  readonly error?: { readonly code: number; readonly message: string };
}

export type TaskOutcome = { readonly status: 'completed'; readonly result: unknown } | { readonly status: 'failed'; readonly error: { readonly code: number; readonly message: string } };

/** `cancelled`: was working, now cancelled; `terminal`: already finished (acknowledged, unchanged); `unknown`: no such task. */
export type CancelOutcome = 'cancelled' | 'terminal' | 'unknown';

/**
 * Where Tasks-extension state lives. `create` resolves only once a `get` for the id would succeed
 * anywhere the store is visible (the extension's "durably created" rule). Transitions are atomic:
 * a task finishes only if still working, so a cancel and a completion racing on two replicas end in
 * exactly one terminal state. Store failures reject with StoreUnavailableError (Redis only).
 */
export interface TaskStore {
  readonly kind: 'memory' | 'redis';
  create(task: StoredTask): Promise<void>;
  get(taskId: string): Promise<StoredTask | undefined>;
  exists(taskId: string): Promise<boolean>;
  /** working → completed/failed; false when the task is no longer working or gone. */
  finish(taskId: string, outcome: TaskOutcome, atMs: number): Promise<boolean>;
  cancel(taskId: string, atMs: number): Promise<CancelOutcome>;
  close(): Promise<void>;
}

/** `<replicaId>.<22 base64url>`: see replica-contract.ts TASK_ID_PATTERN (routing by Mcp-Name). */
export function mintTaskId(replicaId: string): string {
  return `${replicaId}.${randomBytes(16).toString('base64url')}`;
}

export function isTaskId(value: string): boolean {
  return taskOwnerOf(value) !== undefined;
}

interface MemoryTask {
  task: StoredTask;
  readonly expiresAtMs: number;
}

const SWEEP_PERIOD_MS = 30_000;

/** Tasks in this replica's memory: found only by requests that reach this replica again. */
export class MemoryTaskStore implements TaskStore {
  readonly kind = 'memory' as const;
  private readonly tasks = new Map<string, MemoryTask>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_PERIOD_MS);
    this.sweeper.unref();
  }

  async create(task: StoredTask): Promise<void> {
    this.tasks.set(task.taskId, { task, expiresAtMs: task.createdAtMs + task.ttlMs });
  }

  async get(taskId: string): Promise<StoredTask | undefined> {
    return this.live(taskId)?.task;
  }

  async exists(taskId: string): Promise<boolean> {
    return this.live(taskId) !== undefined;
  }

  async finish(taskId: string, outcome: TaskOutcome, atMs: number): Promise<boolean> {
    const entry = this.live(taskId);
    if (entry === undefined || entry.task.status !== 'working') return false;
    entry.task = { ...entry.task, ...outcome, lastUpdatedAtMs: atMs };
    return true;
  }

  async cancel(taskId: string, atMs: number): Promise<CancelOutcome> {
    const entry = this.live(taskId);
    if (entry === undefined) return 'unknown';
    if (entry.task.status !== 'working') return 'terminal';
    entry.task = { ...entry.task, status: 'cancelled', lastUpdatedAtMs: atMs };
    return 'cancelled';
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.tasks.clear();
  }

  private live(taskId: string): MemoryTask | undefined {
    const entry = this.tasks.get(taskId);
    if (entry === undefined || entry.expiresAtMs > this.now()) return entry;
    this.tasks.delete(taskId);
    return undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.tasks) if (entry.expiresAtMs <= now) this.tasks.delete(id);
  }
}
