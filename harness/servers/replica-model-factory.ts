import { HarnessError } from '../errors/harness-error.js';
import { createLegacyModel } from './legacy-server.js';
import { createSharedLegacyModel } from './legacy-shared-model.js';
import type { ReplicaOptions } from './replica-args.js';
import type { ReplicaModel } from './replica-model.js';
import type { StateCounterKey } from './state-contract.js';
import { StateCounters } from './state-counters.js';
import { createStatelessModel } from './stateless-server.js';
import { MemoryBasketStore, type BasketStore } from './store/basket-store.js';
import { RedisBasketStore } from './store/redis-basket-store.js';
import { RedisSessionStore } from './store/redis-session-store.js';
import { DEFAULT_STORE_TIMEOUT_MS, RedisStore } from './store/redis-store.js';
import { RedisTaskStore } from './store/redis-task-store.js';
import { MemoryTaskStore, type TaskStore } from './store/task-store.js';
import { TaskRunner } from './task-runner.js';

/** A replica started with a redis store waits this long for it, then refuses to start. */
export const STORE_CONNECT_TIMEOUT_MS = 10_000;

const HANDLE_COUNTERS: readonly StateCounterKey[] = ['basketsCreated', 'basketItemsAdded', 'basketsCheckedOut', 'handleNotFound'];
const TASK_COUNTERS: readonly StateCounterKey[] = ['tasksCreated', 'tasksInline', 'tasksCompleted', 'tasksFailed', 'tasksCancelled', 'taskNotFound', 'taskResultsLost'];
const LOCAL_NOTIFY_COUNTERS: readonly StateCounterKey[] = ['notificationsPublished', 'notificationsDelivered'];

/**
 * Builds the model replica-main serves from its options. Without state flags it is exactly the plain
 * reference server of each model; each `--*-store` flag adds one strategy (state-contract.ts).
 */
export async function createReplicaModel(options: ReplicaOptions, onInternalError: (e: Error) => void): Promise<ReplicaModel> {
  return options.model === 'legacy' ? createLegacy(options) : createStateless(options, onInternalError);
}

async function createLegacy(options: ReplicaOptions): Promise<ReplicaModel> {
  const base = { unknownSessionStatus: options.unknownSessionStatus, sessionIdleTimeoutMs: options.sessionIdleTimeoutMs };
  if (options.sessionStore === undefined) return createLegacyModel(base);
  if (options.sessionStore === 'memory') {
    const counters = new StateCounters(LOCAL_NOTIFY_COUNTERS);
    const model = createLegacyModel({
      ...base,
      notify: { replicaId: options.replicaId, onPublished: () => counters.add('notificationsPublished'), onDelivered: () => counters.add('notificationsDelivered') },
    });
    return { ...model, stateStats: () => counters.snapshot() };
  }
  // GET streams subscribe: connecting pub/sub now keeps the first GET from racing the connection.
  const store = await connectStore(options, { subscriber: true });
  const model = createSharedLegacyModel({ ...base, replicaId: options.replicaId, store, sessions: new RedisSessionStore(store, options.sessionIdleTimeoutMs) });
  return { ...model, storeStats: () => store.stats() };
}

async function createStateless(options: ReplicaOptions, onInternalError: (e: Error) => void): Promise<ReplicaModel> {
  const { handleStore, taskStore } = options;
  if (handleStore === undefined && taskStore === undefined) return createStatelessModel({ onInternalError });
  const redis = handleStore === 'redis' || taskStore === 'redis' ? await connectStore(options) : undefined;
  const counters = new StateCounters([...(handleStore ? HANDLE_COUNTERS : []), ...(taskStore ? TASK_COUNTERS : [])]);
  const onStoreUnavailable = (): void => redis?.countUnavailableResponse();
  const baskets: BasketStore | undefined = handleStore === undefined ? undefined : handleStore === 'redis' ? new RedisBasketStore(redis!) : new MemoryBasketStore();
  const tasks: TaskStore | undefined = taskStore === undefined ? undefined : taskStore === 'redis' ? new RedisTaskStore(redis!) : new MemoryTaskStore();
  const runner = tasks === undefined ? undefined : new TaskRunner(tasks, counters);
  const model = createStatelessModel({
    onInternalError,
    ...(baskets !== undefined && { baskets: { store: baskets, counters, onStoreUnavailable } }),
    ...(tasks !== undefined && runner !== undefined && { tasks: { replicaId: options.replicaId, store: tasks, runner, counters, onStoreUnavailable } }),
    onClose: async () => {
      runner?.close();
      await Promise.allSettled([baskets?.close(), tasks?.close()]);
      await redis?.close();
    },
  });
  return { ...model, stateStats: () => counters.snapshot(), ...(redis !== undefined && { storeStats: () => redis.stats() }) };
}

async function connectStore(options: ReplicaOptions, connections: { subscriber: boolean } = { subscriber: false }): Promise<RedisStore> {
  const url = options.redisUrl;
  if (url === undefined) throw new HarnessError('E_USAGE', 'a redis store needs --redis-url');
  try {
    const store = await RedisStore.connect({ url, connectionName: `mcp-lb-bench:${options.replicaId}`, commandTimeoutMs: options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS }, STORE_CONNECT_TIMEOUT_MS);
    if (connections.subscriber) await store.connectSubscriber(STORE_CONNECT_TIMEOUT_MS).catch(async (e: unknown) => {
      await store.close();
      throw e;
    });
    return store;
  } catch (e) {
    throw new HarnessError('E_PROCESS_START', `replica ${options.replicaId} cannot reach its store at ${url}: ${(e as Error).message}`, {
      cause: e,
      hint: 'Start redis-server before the replicas (the platform does), or check --redis-url.',
    });
  }
}
