import { Redis, type RedisOptions } from 'ioredis';
import type { StoreStats } from '../replica-contract.js';

/** How long one Redis command may take before the request that needs it fails (a hung store). */
export const DEFAULT_STORE_TIMEOUT_MS = 1_000;
/** Reconnect backoff cap: short, so a replica notices a store that came back within a poll or two. */
const MAX_RECONNECT_DELAY_MS = 200;

/**
 * The store could not be used (refused, reset, timed out, or not yet reconnected). Request paths turn
 * it into a store-unavailable answer; it never escapes as a crash.
 */
export class StoreUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`store unavailable during ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

export function isStoreUnavailable(e: unknown): e is StoreUnavailableError {
  return e instanceof StoreUnavailableError;
}

export interface RedisStoreOptions {
  readonly url: string;
  /** Shown by `CLIENT LIST` on the server, e.g. "mcp-lb-bench:r2". */
  readonly connectionName: string;
  readonly commandTimeoutMs?: number;
}

/** Replies that mean "not serving right now" rather than "this command is wrong". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * One replica's connections to Redis, with the accounting the benchmark reports: every command goes
 * through `call()`, which counts it, times it and maps failures. Settings chosen for a benchmark's
 * failure modes: no offline queue and no retries (a request during an outage fails now, visibly,
 * instead of waiting for a reconnect), nothing re-sent after a reconnect (no duplicated side effects),
 * a per-command timeout (a hung store fails requests instead of stalling them), endless quick
 * reconnects (the replica recovers on its own when the store returns).
 */
export class RedisStore {
  readonly url: string;
  private readonly client: Redis;
  private subscriberClient: Redis | undefined;
  private readonly options: RedisOptions;
  private ops = 0;
  private roundTrips = 0;
  private errors = 0;
  private latencyUsTotal = 0;
  private unavailableResponses = 0;

  private constructor(url: string, options: RedisOptions) {
    this.url = url;
    this.options = options;
    this.client = new Redis(url, options);
    // Connection errors are expected during an outage and reconnects are automatic; without a
    // listener ioredis would print each one.
    this.client.on('error', () => undefined);
  }

  /** Connects and waits until the store is usable, or throws after `timeoutMs`. */
  static async connect(options: RedisStoreOptions, timeoutMs: number): Promise<RedisStore> {
    const commandTimeout = options.commandTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    const store = new RedisStore(options.url, {
      lazyConnect: true,
      connectionName: options.connectionName,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout,
      connectTimeout: Math.max(commandTimeout, 500),
      retryStrategy: (attempt: number) => Math.min(attempt * 20, MAX_RECONNECT_DELAY_MS),
    });
    await waitUntilReady(store.client, timeoutMs, options.url);
    return store;
  }

  /**
   * Sends one command (or one script call) and counts it as one op and one round trip. Connection
   * and timeout failures become StoreUnavailableError; an error reply that is not transient is a
   * bug in this code and is rethrown as is (it would otherwise be misreported as an outage).
   * `via` is the command connection unless given (the subscriber's SUBSCRIBE/UNSUBSCRIBE count too).
   */
  async call<T>(operation: string, send: (redis: Redis) => Promise<T>, via: Redis = this.client): Promise<T> {
    this.ops++;
    this.roundTrips++;
    const started = performance.now();
    try {
      return await send(via);
    } catch (e) {
      this.errors++;
      const reply = e instanceof Error && e.name === 'ReplyError';
      if (reply && !TRANSIENT_REPLY.test(e.message)) throw new Error(`redis rejected ${operation}: ${e.message}`, { cause: e });
      throw new StoreUnavailableError(operation, e);
    } finally {
      this.latencyUsTotal += Math.round((performance.now() - started) * 1000);
    }
  }

  /** Registers a Lua script as a command on the client (EVALSHA, falling back to EVAL after a restart). */
  defineScript(name: string, numberOfKeys: number, lua: string): (redis: Redis, ...args: Array<string | number>) => Promise<unknown> {
    this.client.defineCommand(name, { numberOfKeys, lua });
    return (redis, ...args) => (redis as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[name]!(...args);
  }

  /**
   * Opens the pub/sub connection (a subscribed connection can do nothing else) and waits until it is
   * usable, like connect(). Same settings; ioredis re-subscribes its channels after a reconnect.
   */
  async connectSubscriber(timeoutMs: number): Promise<void> {
    if (this.subscriberClient !== undefined) return;
    const subscriber = new Redis(this.url, { ...this.options, connectionName: `${this.options.connectionName ?? 'mcp-lb-bench'}:sub` });
    subscriber.on('error', () => undefined);
    this.subscriberClient = subscriber;
    await waitUntilReady(subscriber, timeoutMs, this.url);
  }

  /** The pub/sub connection; connectSubscriber() must have succeeded first. */
  subscriber(): Redis {
    if (this.subscriberClient === undefined) throw new Error('RedisStore.subscriber() used before connectSubscriber()');
    return this.subscriberClient;
  }

  /** Counts one MCP request answered with a store-unavailable error (reported in stats). */
  countUnavailableResponse(): void {
    this.unavailableResponses++;
  }

  stats(): StoreStats {
    return {
      backend: 'redis',
      ops: this.ops,
      roundTrips: this.roundTrips,
      errors: this.errors,
      latencyUsTotal: this.latencyUsTotal,
      unavailableResponses: this.unavailableResponses,
      connected: this.client.status === 'ready',
    };
  }

  async close(): Promise<void> {
    this.client.disconnect();
    this.subscriberClient?.disconnect();
  }
}

function waitUntilReady(client: Redis, timeoutMs: number, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (e: Error): void => {
      lastError = e;
    };
    const onReady = (): void => {
      clearTimeout(timer);
      client.off('error', onError);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      client.off('error', onError);
      client.disconnect();
      reject(new Error(`redis at ${url} not reachable within ${timeoutMs} ms${lastError ? ` (last error: ${lastError.message})` : ''}`));
    }, timeoutMs);
    client.once('ready', onReady);
    client.on('error', onError);
    // The first attempt may fail (store still starting); retryStrategy keeps trying until the deadline.
    client.connect().catch(() => undefined);
  });
}
