import { BASKET_TTL_MS } from '../state-contract.js';
import type { BasketStore } from './basket-store.js';
import type { RedisStore } from './redis-store.js';

const KEY_PREFIX = 'mcp-lb:basket:';
// A basket is a list whose first element is a marker, so an empty basket still exists as a key.
const CREATE = `redis.call('del', KEYS[1])
redis.call('rpush', KEYS[1], '#')
redis.call('pexpire', KEYS[1], ARGV[1])
return 1`;
const ADD = `if redis.call('exists', KEYS[1]) == 0 then return -1 end
local n = redis.call('rpush', KEYS[1], ARGV[2])
redis.call('pexpire', KEYS[1], ARGV[1])
return n - 1`;
const CHECKOUT = `local items = redis.call('lrange', KEYS[1], 1, -1)
if redis.call('del', KEYS[1]) == 0 then return false end
return items`;

/** Baskets in Redis: every replica sees every basket. Each method is one op (a script call). */
export class RedisBasketStore implements BasketStore {
  readonly kind = 'redis' as const;
  private readonly createScript;
  private readonly addScript;
  private readonly checkoutScript;

  constructor(
    private readonly store: RedisStore,
    private readonly ttlMs: number = BASKET_TTL_MS,
  ) {
    this.createScript = store.defineScript('mcpLbBasketCreate', 1, CREATE);
    this.addScript = store.defineScript('mcpLbBasketAdd', 1, ADD);
    this.checkoutScript = store.defineScript('mcpLbBasketCheckout', 1, CHECKOUT);
  }

  async create(basketId: string): Promise<void> {
    await this.store.call('basket create', (r) => this.createScript(r, KEY_PREFIX + basketId, this.ttlMs));
  }

  async add(basketId: string, sku: string): Promise<number | undefined> {
    const n = Number(await this.store.call('basket add', (r) => this.addScript(r, KEY_PREFIX + basketId, this.ttlMs, sku)));
    return n < 0 ? undefined : n;
  }

  async checkout(basketId: string): Promise<readonly string[] | undefined> {
    const items = await this.store.call('basket checkout', (r) => this.checkoutScript(r, KEY_PREFIX + basketId));
    return Array.isArray(items) ? (items as string[]) : undefined;
  }

  async close(): Promise<void> {
    // The connection belongs to the RedisStore, closed by its owner.
  }
}
