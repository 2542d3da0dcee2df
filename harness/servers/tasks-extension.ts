import { setTimeout as sleepMs } from 'node:timers/promises';
import { CLIENT_CAPABILITIES_META_KEY, MissingRequiredClientCapabilityError, ProtocolError, type McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { MAX_SLEEP_MS } from './reference-tools.js';
import { DEFAULT_TASK_POLL_INTERVAL_MS, STATE_TOOL_NAMES, STORE_UNAVAILABLE_CODE, TASK_NOT_FOUND_CODE, TASK_TTL_MS, TASKS_EXTENSION_ID, type TaskGetResultWire, type TaskWire } from './state-contract.js';
import type { StateCounters } from './state-counters.js';
import { okResult, stateErrorResult, type StateToolResult } from './state-tool-results.js';
import { isStoreUnavailable } from './store/redis-store.js';
import { isTaskId, mintTaskId, type StoredTask, type TaskOutcome, type TaskStore } from './store/task-store.js';
import type { TaskRunner } from './task-runner.js';

export interface TasksExtensionOptions {
  readonly replicaId: string;
  readonly store: TaskStore;
  readonly runner: TaskRunner;
  readonly counters: StateCounters;
  readonly onStoreUnavailable: () => void;
}

export const slowJobInput = z.object({
  ms: z.number().int().min(0).max(MAX_SLEEP_MS),
  /** End as `failed` (a JSON-RPC error) instead of `completed`. */
  fail: z.boolean().optional(),
  pollIntervalMs: z.number().int().min(1).max(60_000).optional(),
});
export const SLOW_JOB_DESCRIPTION = 'slow_job: works for `ms` milliseconds; a task (io.modelcontextprotocol/tasks) when the request declares the extension, else answers inline';
/** The error a `fail: true` job ends with (status `failed`). */
export const SLOW_JOB_FAILURE = { code: -32603, message: 'slow_job failed as requested' } as const;

const taskIdParams = z.object({ taskId: z.string() });
const updateParams = z.object({ taskId: z.string(), inputResponses: z.record(z.string(), z.unknown()).optional() });
const REQUIRED_CAPABILITIES = { extensions: { [TASKS_EXTENSION_ID]: {} } };

/**
 * The Tasks extension (SEP-2663, io.modelcontextprotocol/tasks) on a v2 McpServer, built from the
 * SDK's own extension hooks: `registerCapabilities({extensions})` advertises it in server/discover,
 * and `setRequestHandler(method, {params}, handler)` with a schema is the SDK's sanctioned way to
 * serve `tasks/get|cancel` (names it otherwise refuses on 2026-07-28) and the custom `tasks/update`.
 * The SDK keeps doing envelope validation, the `Mcp-Name` = taskId check (-32020), JSON-RPC framing,
 * `resultType` stamping and the in-band/HTTP status rule; this module supplies the semantics.
 */
export function registerTasksExtension(server: McpServer, options: TasksExtensionOptions): void {
  const { store, runner, counters } = options;
  server.server.registerCapabilities({ extensions: { [TASKS_EXTENSION_ID]: {} } });

  server.registerTool(STATE_TOOL_NAMES.slowJob, { description: SLOW_JOB_DESCRIPTION, inputSchema: slowJobInput }, async (args, ctx): Promise<StateToolResult> => {
    const outcome = (): TaskOutcome => (args.fail === true ? { status: 'failed', error: SLOW_JOB_FAILURE } : { status: 'completed', result: okResult(`slow_job done after ${args.ms}ms`, { ms: args.ms, ranOn: options.replicaId }) });
    if (!declaresTasks(ctx.mcpReq.envelope)) {
      counters.add('tasksInline');
      await sleepMs(args.ms, undefined, { signal: ctx.mcpReq.signal });
      const done = outcome();
      return done.status === 'completed' ? (done.result as StateToolResult) : stateErrorResultOf(done.error.message);
    }
    const nowMs = Date.now();
    const task: StoredTask = {
      taskId: mintTaskId(options.replicaId),
      status: 'working',
      createdAtMs: nowMs,
      lastUpdatedAtMs: nowMs,
      ttlMs: TASK_TTL_MS,
      pollIntervalMs: args.pollIntervalMs ?? DEFAULT_TASK_POLL_INTERVAL_MS,
    };
    try {
      await store.create(task); // durable before the id is handed out
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      options.onStoreUnavailable();
      return stateErrorResult('store_unavailable', e.message);
    }
    counters.add('tasksCreated');
    runner.start({ taskId: task.taskId, durationMs: args.ms, outcome });
    // A CreateTaskResult is flat (`Result & Task`); the SDK passes `resultType: "task"` through for tools/call.
    return { resultType: 'task', ...taskWire(task) } as unknown as StateToolResult;
  });

  server.server.setRequestHandler('tasks/get', { params: taskIdParams }, async (params, ctx) => {
    requireDeclared(ctx.mcpReq.envelope);
    const task = await guard(options, () => (isTaskId(params.taskId) ? store.get(params.taskId) : Promise.resolve(undefined)));
    if (task === undefined) throw taskNotFound(params.taskId, counters);
    const result: Omit<TaskGetResultWire, 'resultType'> = {
      ...taskWire(task),
      ...(task.status === 'completed' && { result: task.result }),
      ...(task.status === 'failed' && task.error !== undefined && { error: task.error }),
    };
    return result;
  });

  // No input requests are ever made by slow_job, so an update only needs the task to exist (ack).
  server.server.setRequestHandler('tasks/update', { params: updateParams }, async (params, ctx) => {
    requireDeclared(ctx.mcpReq.envelope);
    const exists = await guard(options, () => (isTaskId(params.taskId) ? store.exists(params.taskId) : Promise.resolve(false)));
    if (!exists) throw taskNotFound(params.taskId, counters);
    return {};
  });

  server.server.setRequestHandler('tasks/cancel', { params: taskIdParams }, async (params, ctx) => {
    requireDeclared(ctx.mcpReq.envelope);
    const outcome = await guard(options, () => (isTaskId(params.taskId) ? store.cancel(params.taskId, Date.now()) : Promise.resolve('unknown' as const)));
    if (outcome === 'unknown') throw taskNotFound(params.taskId, counters);
    if (outcome === 'cancelled') {
      counters.add('tasksCancelled');
      runner.cancelLocal(params.taskId);
    }
    return {};
  });
}

export function taskWire(task: StoredTask): TaskWire {
  return {
    taskId: task.taskId,
    status: task.status,
    ...(task.statusMessage !== undefined && { statusMessage: task.statusMessage }),
    createdAt: new Date(task.createdAtMs).toISOString(),
    lastUpdatedAt: new Date(task.lastUpdatedAtMs).toISOString(),
    ttlMs: task.ttlMs,
    pollIntervalMs: task.pollIntervalMs,
  };
}

function declaresTasks(envelope: unknown): boolean {
  const capabilities = (envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[TASKS_EXTENSION_ID] !== undefined;
}

/** tasks/* from a request that did not declare the extension: -32021 (the SDK answers it with HTTP 400). */
function requireDeclared(envelope: unknown): void {
  if (!declaresTasks(envelope)) throw new MissingRequiredClientCapabilityError({ requiredCapabilities: REQUIRED_CAPABILITIES });
}

function taskNotFound(taskId: string, counters: StateCounters): ProtocolError {
  counters.add('taskNotFound');
  return new ProtocolError(TASK_NOT_FOUND_CODE, `Unknown or expired task: ${taskId}`, { reason: 'task_not_found', taskId });
}

/** Store failures on tasks/* become an in-band JSON-RPC error the harness can count. */
async function guard<T>(options: TasksExtensionOptions, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (e) {
    if (!isStoreUnavailable(e)) throw e;
    options.onStoreUnavailable();
    throw new ProtocolError(STORE_UNAVAILABLE_CODE, 'Service Unavailable: the task store is unreachable', { reason: 'store_unavailable' });
  }
}

function stateErrorResultOf(message: string): StateToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
