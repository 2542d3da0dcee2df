/**
 * The wire contract of the reference replicas' *state strategies* (issue 6), for the harness's client
 * flows: which flags turn a strategy on, the tools and their shapes, the Tasks-extension wire, and
 * how each failure is signalled so the client can count it. docs/state-strategies.md explains it.
 *
 * Flags (replica-main; every one is opt-in, so a replica started without them serves exactly the
 * headline server):
 *   --session-store memory|redis   legacy:    `notify` tool; redis = any replica serves any session
 *   --handle-store  memory|redis   stateless: create_basket / add_item / checkout
 *   --task-store    memory|redis   stateless: slow_job + tasks/get|update|cancel (Tasks extension)
 *   --redis-url redis://host:port  required when any store is redis
 *   --store-timeout-ms 1000        per Redis command; a hung store fails requests after this long
 */

export type StoreKind = 'memory' | 'redis';

export const STATE_TOOL_NAMES = {
  /** legacy: `{text}` → notifications/message on the session's GET stream; result `structuredContent.delivered`. */
  notify: 'notify',
  /** stateless: `{}` → `structuredContent: { basket_id }`. */
  createBasket: 'create_basket',
  /** stateless: `{basket_id, sku}` → `structuredContent: { basket_id, items: <count> }`. */
  addItem: 'add_item',
  /** stateless: `{basket_id}` → `structuredContent: { basket_id, items: [sku, ...] }`; deletes the basket. */
  checkout: 'checkout',
  /** stateless: `{ms, fail?, pollIntervalMs?}`; a task when the request declares the Tasks extension, else runs inline. */
  slowJob: 'slow_job',
} as const;

/** Basket handles: `bsk_` + 22 base64url characters (128 random bits). */
export const BASKET_ID_PATTERN = /^bsk_[A-Za-z0-9_-]{22}$/;
/** A basket lives this long after its last change (SEP-2567: handles need a bounded lifetime). */
export const BASKET_TTL_MS = 600_000;

export const TASKS_EXTENSION_ID = 'io.modelcontextprotocol/tasks';
export const TASK_METHODS = ['tasks/get', 'tasks/update', 'tasks/cancel'] as const;
export type TaskMethod = (typeof TASK_METHODS)[number];
/** A task (and its result) can be fetched for this long after creation. */
export const TASK_TTL_MS = 300_000;
export const DEFAULT_TASK_POLL_INTERVAL_MS = 100;

export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** The Task object (EXT tasks.md). `tools/call` answers it flat with `resultType: "task"`. */
export interface TaskWire {
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly statusMessage?: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
}

/** `tasks/get` result: `resultType: "complete"` + the task + `result` (completed) or `error` (failed). */
export interface TaskGetResultWire extends TaskWire {
  readonly resultType: 'complete';
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

/**
 * "The shared store is unreachable". Legacy replicas answer it before the SDK as HTTP 503 with this
 * JSON-RPC code (`id: null`, `Retry-After: 1`); stateless `tasks/*` answer it in-band (HTTP 200,
 * `error.data.reason: "store_unavailable"`); stateless tools answer an `isError` result (below).
 */
export const STORE_UNAVAILABLE_CODE = -32010;
export const STORE_UNAVAILABLE_HTTP_STATUS = 503;

/** JSON-RPC code for an unknown or expired task id (EXT: MUST for tasks/get); `error.data.reason: "task_not_found"`. */
export const TASK_NOT_FOUND_CODE = -32602;

/**
 * Machine-readable reasons. Tools report them as `isError: true` with
 * `structuredContent: { error: { code: <reason>, message, handle? } }` (a tool error, visible to the
 * model, as SEP-2567 asks for expired handles); `tasks/*` as `error.data.reason`.
 */
export type StateFailureReason = 'handle_not_found' | 'task_not_found' | 'store_unavailable';

export interface ToolStateError {
  readonly error: { readonly code: StateFailureReason; readonly message: string; readonly handle?: string };
}

/**
 * Classifies one response of a state-strategy request: the failure it signals, or undefined for
 * anything else (success, or an unrelated error). `message` is the parsed JSON-RPC message (or the
 * canned body of a non-2xx answer).
 */
export function classifyStateFailure(httpStatus: number, message: unknown): StateFailureReason | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as { error?: { code?: unknown; data?: { reason?: unknown } }; result?: { isError?: unknown; structuredContent?: unknown } };
  if (m.error !== undefined) {
    if (m.error.code === STORE_UNAVAILABLE_CODE) return 'store_unavailable';
    const reason = m.error.data?.reason;
    return m.error.code === TASK_NOT_FOUND_CODE && reason === 'task_not_found' ? 'task_not_found' : undefined;
  }
  if (httpStatus !== 200 || m.result?.isError !== true) return undefined;
  const code = (m.result.structuredContent as Partial<ToolStateError> | undefined)?.error?.code;
  return code === 'handle_not_found' || code === 'store_unavailable' || code === 'task_not_found' ? code : undefined;
}

/**
 * Counters a stateful replica reports under `/-/stats` `state` (only the ones its strategies use).
 * Sums over replicas reconcile with what the client saw: e.g. sessionsMinted = initialize 200s,
 * handleNotFound = `handle_not_found` results, taskNotFound = `task_not_found` errors.
 */
export const STATE_COUNTER_KEYS = [
  'sessionsMinted', // legacy: initialize answered with a new session id here
  'sessionsRehydrated', // legacy+redis: a session built here from its store record
  'sessionsDeleted', // legacy: DELETE removed the record
  'sessionsNotFound', // legacy+redis: answered 404 because the store had no record
  'notificationsPublished', // legacy: notify calls that published (redis) or delivered locally (memory)
  'notificationsDelivered', // legacy: notifications written to a GET stream held here
  'basketsCreated',
  'basketItemsAdded',
  'basketsCheckedOut',
  'handleNotFound',
  'tasksCreated',
  'tasksInline', // slow_job run inline because the request did not declare the extension
  'tasksCompleted',
  'tasksFailed',
  'tasksCancelled', // tasks/cancel that moved a working task to cancelled
  'taskNotFound',
  'taskResultsLost', // a finished job whose result could not be written (store down past the retry window)
] as const;
export type StateCounterKey = (typeof STATE_COUNTER_KEYS)[number];
