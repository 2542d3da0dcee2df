import type { StateCounterKey } from './state-contract.js';

/**
 * The `state` counters of /-/stats. Only keys that were declared (the strategies this replica runs)
 * are reported, zeros included, so a reader can tell "never happened" from "not applicable".
 */
export class StateCounters {
  private readonly values = new Map<StateCounterKey, number>();

  constructor(keys: readonly StateCounterKey[]) {
    for (const key of keys) this.values.set(key, 0);
  }

  /** Adds to a declared key; an undeclared key is a programming error caught by tests. */
  add(key: StateCounterKey, n = 1): void {
    const current = this.values.get(key);
    if (current === undefined) throw new Error(`state counter "${key}" was not declared for this replica`);
    this.values.set(key, current + n);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}
