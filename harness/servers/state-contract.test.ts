import { describe, expect, it } from 'vitest';
import { taskOwnerOf } from './replica-contract.js';
import { BASKET_ID_PATTERN, classifyStateFailure, STORE_UNAVAILABLE_CODE } from './state-contract.js';
import { StateCounters } from './state-counters.js';
import { stateErrorResult } from './state-tool-results.js';
import { mintBasketId } from './store/basket-store.js';
import { isTaskId, mintTaskId } from './store/task-store.js';

describe('state wire contract', () => {
  it('mints unguessable handles and task ids that name their owner', () => {
    const basket = mintBasketId();
    expect(basket).toMatch(BASKET_ID_PATTERN);
    expect(mintBasketId()).not.toBe(basket);
    const task = mintTaskId('r2');
    expect(task).toMatch(/^r2\.[A-Za-z0-9_-]{22}$/);
    expect(taskOwnerOf(task)).toBe('r2');
    expect(isTaskId(task)).toBe(true);
    // The random part has no '.', so dotted replica ids still map back.
    expect(taskOwnerOf(mintTaskId('pool.a.r7'))).toBe('pool.a.r7');
    for (const bad of ['r2', 'r2.short', '.AAAAAAAAAAAAAAAAAAAAAA', 'r 2.AAAAAAAAAAAAAAAAAAAAAA', 'r2.AAAAAAAAAAAAAAAAAAAA.A']) expect(taskOwnerOf(bad)).toBeUndefined();
  });

  it('classifies each failure signal and nothing else', () => {
    const storeDown503 = { jsonrpc: '2.0', error: { code: STORE_UNAVAILABLE_CODE, message: 'x' }, id: null };
    expect(classifyStateFailure(503, storeDown503)).toBe('store_unavailable');
    expect(classifyStateFailure(200, { jsonrpc: '2.0', id: 1, error: { code: STORE_UNAVAILABLE_CODE, message: 'x', data: { reason: 'store_unavailable' } } })).toBe('store_unavailable');
    expect(classifyStateFailure(200, { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'x', data: { reason: 'task_not_found' } } })).toBe('task_not_found');
    expect(classifyStateFailure(200, { jsonrpc: '2.0', id: 1, result: stateErrorResult('handle_not_found', 'gone', 'bsk_x') })).toBe('handle_not_found');
    expect(classifyStateFailure(200, { jsonrpc: '2.0', id: 1, result: stateErrorResult('store_unavailable', 'down') })).toBe('store_unavailable');
    // Other failures are not state failures.
    expect(classifyStateFailure(200, { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Invalid params for tasks/get' } })).toBeUndefined();
    expect(classifyStateFailure(200, { jsonrpc: '2.0', id: 1, result: { isError: true, content: [] } })).toBeUndefined();
    expect(classifyStateFailure(404, { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null })).toBeUndefined();
    expect(classifyStateFailure(200, { jsonrpc: '2.0', id: 1, result: { content: [] } })).toBeUndefined();
    expect(classifyStateFailure(200, 'not json-rpc')).toBeUndefined();
  });

  it('reports only declared counters, zeros included, and refuses undeclared ones', () => {
    const counters = new StateCounters(['tasksCreated', 'taskNotFound']);
    counters.add('tasksCreated');
    counters.add('tasksCreated', 2);
    expect(counters.snapshot()).toEqual({ tasksCreated: 3, taskNotFound: 0 });
    expect(() => counters.add('handleNotFound')).toThrow('was not declared');
  });
});
