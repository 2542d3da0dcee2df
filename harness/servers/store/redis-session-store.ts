import type { RedisStore } from './redis-store.js';

/**
 * What a replica needs to rebuild a 2025-11-25 session it did not create: the client's initialize
 * params (protocol version, client info, capabilities) and whether `notifications/initialized` came.
 */
export interface StoredSession {
  readonly initializeParams: unknown;
  readonly initialized: boolean;
  /** Replica that minted the session (diagnostics only). */
  readonly owner: string;
  readonly createdAtMs: number;
}

/** A JSON-RPC notification for the session's GET stream. */
export interface StreamNotification {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

/** What travels on a session's channel: a message for its GET stream, or "this session was deleted". */
export type SessionEvent = { readonly kind: 'message'; readonly message: StreamNotification } | { readonly kind: 'closed'; readonly by: string };

type Script = ReturnType<RedisStore['defineScript']>;

const KEY_PREFIX = 'mcp-lb:session:';
const CHANNEL_PREFIX = 'mcp-lb:session-events:';

// TTL 0 = sessions never expire (replica flag --session-idle-timeout-ms 0).
const TOUCH = `if tonumber(ARGV[1]) > 0 then return redis.call('pexpire', KEYS[1], ARGV[1]) end
return redis.call('exists', KEYS[1])`;
const CREATE = `redis.call('hset', KEYS[1], 'init', ARGV[2], 'initialized', '0', 'owner', ARGV[3], 'createdAtMs', ARGV[4])
if tonumber(ARGV[1]) > 0 then redis.call('pexpire', KEYS[1], ARGV[1]) end
return 1`;
const LOAD = `local alive
if tonumber(ARGV[1]) > 0 then alive = redis.call('pexpire', KEYS[1], ARGV[1]) else alive = redis.call('exists', KEYS[1]) end
if alive == 0 then return false end
return redis.call('hmget', KEYS[1], 'init', 'initialized', 'owner', 'createdAtMs')`;
const MARK_INITIALIZED = `local alive
if tonumber(ARGV[1]) > 0 then alive = redis.call('pexpire', KEYS[1], ARGV[1]) else alive = redis.call('exists', KEYS[1]) end
if alive == 0 then return 0 end
redis.call('hset', KEYS[1], 'initialized', '1')
return 1`;
// Delete and announce in one step, so no replica can see the record gone without the event following.
const REMOVE = `local n = redis.call('del', KEYS[1])
if n == 1 then redis.call('publish', ARGV[1], ARGV[2]) end
return n`;

/**
 * The legacy model's shared session store on Redis. Record: a hash `mcp-lb:session:<id>` whose TTL is
 * the idle timeout, slid forward by every request (so idle expiry is shared, not per replica).
 * Events: channel `mcp-lb:session-events:<id>`, subscribed by the replica holding the GET stream.
 * Every method is exactly one Redis op (a command or a script call).
 */
export class RedisSessionStore {
  private readonly touchScript: Script;
  private readonly createScript: Script;
  private readonly loadScript: Script;
  private readonly markScript: Script;
  private readonly removeScript: Script;
  private readonly listeners = new Set<(sessionId: string, event: SessionEvent) => void>();
  private readonly streamsHeld = new Map<string, number>();
  private subscriberWired = false;

  constructor(
    private readonly store: RedisStore,
    private readonly ttlMs: number,
  ) {
    this.touchScript = store.defineScript('mcpLbSessionTouch', 1, TOUCH);
    this.createScript = store.defineScript('mcpLbSessionCreate', 1, CREATE);
    this.loadScript = store.defineScript('mcpLbSessionLoad', 1, LOAD);
    this.markScript = store.defineScript('mcpLbSessionMarkInitialized', 1, MARK_INITIALIZED);
    this.removeScript = store.defineScript('mcpLbSessionRemove', 1, REMOVE);
  }

  async create(sessionId: string, session: StoredSession): Promise<void> {
    await this.store.call('session create', (r) =>
      this.createScript(r, KEY_PREFIX + sessionId, this.ttlMs, JSON.stringify(session.initializeParams ?? null), session.owner, session.createdAtMs),
    );
  }

  /** Slides the TTL; false when the session no longer exists (deleted or expired). */
  async touch(sessionId: string): Promise<boolean> {
    return (await this.store.call('session touch', (r) => this.touchScript(r, KEY_PREFIX + sessionId, this.ttlMs))) === 1;
  }

  /** Touch + read in one op; undefined when the session does not exist. */
  async load(sessionId: string): Promise<StoredSession | undefined> {
    const reply = await this.store.call('session load', (r) => this.loadScript(r, KEY_PREFIX + sessionId, this.ttlMs));
    if (!Array.isArray(reply)) return undefined;
    const [init, initialized, owner, createdAtMs] = reply as Array<string | null>;
    if (typeof init !== 'string') throw new Error(`session ${sessionId} has a malformed store record (no "init" field)`);
    return { initializeParams: JSON.parse(init) as unknown, initialized: initialized === '1', owner: owner ?? '?', createdAtMs: Number(createdAtMs) };
  }

  /** Touch + record `notifications/initialized`; false when the session no longer exists. */
  async markInitialized(sessionId: string): Promise<boolean> {
    return (await this.store.call('session mark initialized', (r) => this.markScript(r, KEY_PREFIX + sessionId, this.ttlMs))) === 1;
  }

  /** Deletes the record and tells the replica holding the GET stream; false when it was already gone. */
  async remove(sessionId: string, byReplica: string): Promise<boolean> {
    const event: SessionEvent = { kind: 'closed', by: byReplica };
    return (await this.store.call('session remove', (r) => this.removeScript(r, KEY_PREFIX + sessionId, CHANNEL_PREFIX + sessionId, JSON.stringify(event)))) === 1;
  }

  /** Publishes a message for the session's GET stream; resolves with how many replicas received it. */
  async publish(sessionId: string, message: StreamNotification): Promise<number> {
    const event: SessionEvent = { kind: 'message', message };
    return this.store.call('session publish', (r) => r.publish(CHANNEL_PREFIX + sessionId, JSON.stringify(event)));
  }

  onEvent(listener: (sessionId: string, event: SessionEvent) => void): void {
    this.listeners.add(listener);
  }

  /**
   * This replica now holds a GET stream of the session: subscribe to its channel (once per session,
   * however many streams). Resolves after Redis confirmed the subscription, so a message published
   * after the client saw the stream open cannot be missed.
   */
  async holdStream(sessionId: string): Promise<void> {
    const held = this.streamsHeld.get(sessionId) ?? 0;
    this.streamsHeld.set(sessionId, held + 1);
    if (held > 0) return;
    const subscriber = this.wiredSubscriber();
    try {
      await this.store.call('session subscribe', (r) => r.subscribe(CHANNEL_PREFIX + sessionId), subscriber);
    } catch (e) {
      this.releaseCount(sessionId);
      throw e;
    }
  }

  /** The stream ended: unsubscribe when it was the session's last one here. */
  async releaseStream(sessionId: string): Promise<void> {
    if (!this.releaseCount(sessionId)) return;
    await this.store.call('session unsubscribe', (r) => r.unsubscribe(CHANNEL_PREFIX + sessionId), this.wiredSubscriber());
  }

  private releaseCount(sessionId: string): boolean {
    const held = (this.streamsHeld.get(sessionId) ?? 1) - 1;
    if (held > 0) {
      this.streamsHeld.set(sessionId, held);
      return false;
    }
    this.streamsHeld.delete(sessionId);
    return true;
  }

  private wiredSubscriber(): ReturnType<RedisStore['subscriber']> {
    const subscriber = this.store.subscriber();
    if (!this.subscriberWired) {
      this.subscriberWired = true;
      subscriber.on('message', (channel: string, text: string) => {
        if (!channel.startsWith(CHANNEL_PREFIX)) return;
        let event: SessionEvent;
        try {
          event = JSON.parse(text) as SessionEvent;
        } catch {
          return; // not ours: another tool publishing on the prefix
        }
        const sessionId = channel.slice(CHANNEL_PREFIX.length);
        for (const listener of this.listeners) listener(sessionId, event);
      });
    }
    return subscriber;
  }
}

