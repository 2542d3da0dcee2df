import type { TaskStatus } from '../state-contract.js';
import type { RedisStore } from './redis-store.js';
import type { CancelOutcome, StoredTask, TaskOutcome, TaskStore } from './task-store.js';

const KEY_PREFIX = 'mcp-lb:task:';
// ARGV: ttlMs, then field/value pairs.
const CREATE = `redis.call('hset', KEYS[1], unpack(ARGV, 2))
redis.call('pexpire', KEYS[1], ARGV[1])
return 1`;
// ARGV: status, lastUpdatedAtMs, payload field ("result" | "error"), payload JSON.
const FINISH = `local status = redis.call('hget', KEYS[1], 'status')
if status ~= 'working' then return 0 end
redis.call('hset', KEYS[1], 'status', ARGV[1], 'lastUpdatedAtMs', ARGV[2], ARGV[3], ARGV[4])
return 1`;
// Returns 1 cancelled, 0 already terminal, -1 unknown.
const CANCEL = `local status = redis.call('hget', KEYS[1], 'status')
if not status then return -1 end
if status ~= 'working' then return 0 end
redis.call('hset', KEYS[1], 'status', 'cancelled', 'lastUpdatedAtMs', ARGV[1])
return 1`;

/**
 * Tasks in Redis: a hash per task, TTL = the task's ttlMs from creation. Every replica can answer
 * `tasks/*` for every task. Each method is one op (a command or a script call).
 */
export class RedisTaskStore implements TaskStore {
  readonly kind = 'redis' as const;
  private readonly createScript;
  private readonly finishScript;
  private readonly cancelScript;

  constructor(private readonly store: RedisStore) {
    this.createScript = store.defineScript('mcpLbTaskCreate', 1, CREATE);
    this.finishScript = store.defineScript('mcpLbTaskFinish', 1, FINISH);
    this.cancelScript = store.defineScript('mcpLbTaskCancel', 1, CANCEL);
  }

  async create(task: StoredTask): Promise<void> {
    const fields: Array<string | number> = ['status', task.status, 'createdAtMs', task.createdAtMs, 'lastUpdatedAtMs', task.lastUpdatedAtMs, 'ttlMs', task.ttlMs, 'pollIntervalMs', task.pollIntervalMs];
    if (task.statusMessage !== undefined) fields.push('statusMessage', task.statusMessage);
    // The reply comes after Redis applied the write: a tasks/get on any replica now finds it.
    await this.store.call('task create', (r) => this.createScript(r, KEY_PREFIX + task.taskId, task.ttlMs, ...fields));
  }

  async get(taskId: string): Promise<StoredTask | undefined> {
    const hash = await this.store.call('task get', (r) => r.hgetall(KEY_PREFIX + taskId));
    if (hash['status'] === undefined) return undefined;
    return {
      taskId,
      status: hash['status'] as TaskStatus,
      ...(hash['statusMessage'] !== undefined && { statusMessage: hash['statusMessage'] }),
      createdAtMs: Number(hash['createdAtMs']),
      lastUpdatedAtMs: Number(hash['lastUpdatedAtMs']),
      ttlMs: Number(hash['ttlMs']),
      pollIntervalMs: Number(hash['pollIntervalMs']),
      ...(hash['result'] !== undefined && { result: JSON.parse(hash['result']) as unknown }),
      ...(hash['error'] !== undefined && { error: JSON.parse(hash['error']) as { code: number; message: string } }),
    };
  }

  async exists(taskId: string): Promise<boolean> {
    return (await this.store.call('task exists', (r) => r.exists(KEY_PREFIX + taskId))) === 1;
  }

  async finish(taskId: string, outcome: TaskOutcome, atMs: number): Promise<boolean> {
    const [field, payload] = outcome.status === 'completed' ? ['result', outcome.result] : ['error', outcome.error];
    const reply = await this.store.call('task finish', (r) => this.finishScript(r, KEY_PREFIX + taskId, outcome.status, atMs, field, JSON.stringify(payload)));
    return reply === 1;
  }

  async cancel(taskId: string, atMs: number): Promise<CancelOutcome> {
    const reply = await this.store.call('task cancel', (r) => this.cancelScript(r, KEY_PREFIX + taskId, atMs));
    return reply === 1 ? 'cancelled' : reply === 0 ? 'terminal' : 'unknown';
  }

  async close(): Promise<void> {
    // The connection belongs to the RedisStore, closed by its owner.
  }
}
