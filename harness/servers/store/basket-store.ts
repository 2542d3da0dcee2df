import { randomBytes } from 'node:crypto';
import { BASKET_ID_PATTERN, BASKET_TTL_MS } from '../state-contract.js';

/**
 * Where explicit handles (SEP-2567 baskets) live. Methods resolve `undefined` for an unknown or expired
 * basket; store failures reject with StoreUnavailableError (Redis only).
 */
export interface BasketStore {
  readonly kind: 'memory' | 'redis';
  create(basketId: string): Promise<void>;
  /** Appends a SKU and slides the basket's lifetime; resolves with the item count. */
  add(basketId: string, sku: string): Promise<number | undefined>;
  /** Removes the basket and resolves with its items, in the order added. */
  checkout(basketId: string): Promise<readonly string[] | undefined>;
  close(): Promise<void>;
}

/** 128 random bits: handles of an unauthenticated server must be unguessable (SEP-2567). */
export function mintBasketId(): string {
  return `bsk_${randomBytes(16).toString('base64url')}`;
}

export function isBasketId(value: string): boolean {
  return BASKET_ID_PATTERN.test(value);
}

interface MemoryBasket {
  readonly items: string[];
  expiresAtMs: number;
}

const SWEEP_PERIOD_MS = 30_000;

/**
 * Baskets in this replica's memory: the migration mistake the benchmark measures. Under round-robin
 * a follow-up call reaches another replica, which has never heard of the basket.
 */
export class MemoryBasketStore implements BasketStore {
  readonly kind = 'memory' as const;
  private readonly baskets = new Map<string, MemoryBasket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly ttlMs: number = BASKET_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_PERIOD_MS);
    this.sweeper.unref();
  }

  async create(basketId: string): Promise<void> {
    this.baskets.set(basketId, { items: [], expiresAtMs: this.now() + this.ttlMs });
  }

  async add(basketId: string, sku: string): Promise<number | undefined> {
    const basket = this.live(basketId);
    if (basket === undefined) return undefined;
    basket.items.push(sku);
    basket.expiresAtMs = this.now() + this.ttlMs;
    return basket.items.length;
  }

  async checkout(basketId: string): Promise<readonly string[] | undefined> {
    const basket = this.live(basketId);
    this.baskets.delete(basketId);
    return basket?.items;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.baskets.clear();
  }

  private live(basketId: string): MemoryBasket | undefined {
    const basket = this.baskets.get(basketId);
    if (basket === undefined || basket.expiresAtMs > this.now()) return basket;
    this.baskets.delete(basketId);
    return undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, basket] of this.baskets) if (basket.expiresAtMs <= now) this.baskets.delete(id);
  }
}
