import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { STATE_TOOL_NAMES } from './state-contract.js';
import type { StateCounters } from './state-counters.js';
import { okResult, stateErrorResult, type StateToolResult } from './state-tool-results.js';
import { isBasketId, mintBasketId, type BasketStore } from './store/basket-store.js';
import { isStoreUnavailable } from './store/redis-store.js';

export interface BasketToolsOptions {
  readonly store: BasketStore;
  readonly counters: StateCounters;
  readonly onStoreUnavailable: () => void;
}

const basketIdArg = z.string().max(64);
export const createBasketInput = z.object({});
export const addItemInput = z.object({ basket_id: basketIdArg, sku: z.string().min(1).max(128) });
export const checkoutInput = z.object({ basket_id: basketIdArg });

const BASKET_LIFETIME_NOTE = 'Baskets expire 10 minutes after their last change.';
export const BASKET_TOOL_DESCRIPTIONS = {
  create_basket: `create_basket: creates an empty basket and returns its handle in structuredContent.basket_id. ${BASKET_LIFETIME_NOTE}`,
  add_item: 'add_item: adds `sku` to the basket `basket_id`; returns the item count',
  checkout: 'checkout: returns the items of basket `basket_id` and deletes the basket',
} as const;

/**
 * SEP-2567 explicit handles on the stateless server: state referenced by a server-minted id passed as
 * an ordinary argument. An unknown or expired id is a tool error (`handle_not_found`), a store failure
 * `store_unavailable` (state-contract.ts); a malformed id is treated as unknown and costs no store op.
 */
export function registerBasketTools(server: McpServer, options: BasketToolsOptions): void {
  const { store, counters } = options;

  const withStore = async (run: () => Promise<StateToolResult>): Promise<StateToolResult> => {
    try {
      return await run();
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      options.onStoreUnavailable();
      return stateErrorResult('store_unavailable', e.message);
    }
  };
  const notFound = (basketId: string): StateToolResult => {
    counters.add('handleNotFound');
    return stateErrorResult('handle_not_found', `basket ${basketId} not found: unknown or expired handle (create a new one with create_basket)`, basketId);
  };

  server.registerTool(STATE_TOOL_NAMES.createBasket, { description: BASKET_TOOL_DESCRIPTIONS.create_basket, inputSchema: createBasketInput }, () =>
    withStore(async () => {
      const basketId = mintBasketId();
      await store.create(basketId);
      counters.add('basketsCreated');
      return okResult(`created basket ${basketId}`, { basket_id: basketId });
    }),
  );

  server.registerTool(STATE_TOOL_NAMES.addItem, { description: BASKET_TOOL_DESCRIPTIONS.add_item, inputSchema: addItemInput }, (args) =>
    withStore(async () => {
      const count = isBasketId(args.basket_id) ? await store.add(args.basket_id, args.sku) : undefined;
      if (count === undefined) return notFound(args.basket_id);
      counters.add('basketItemsAdded');
      return okResult(`basket ${args.basket_id} has ${count} item(s)`, { basket_id: args.basket_id, items: count });
    }),
  );

  server.registerTool(STATE_TOOL_NAMES.checkout, { description: BASKET_TOOL_DESCRIPTIONS.checkout, inputSchema: checkoutInput }, (args) =>
    withStore(async () => {
      const items = isBasketId(args.basket_id) ? await store.checkout(args.basket_id) : undefined;
      if (items === undefined) return notFound(args.basket_id);
      counters.add('basketsCheckedOut');
      return okResult(`checked out basket ${args.basket_id}: ${items.length} item(s)`, { basket_id: args.basket_id, items: [...items] });
    }),
  );
}
