import { describe, expect, it } from 'vitest';
import { INVALID_POST_KEY, methodKeyOf, RequestCounter, toolNameOf, UNPARSEABLE_BODY } from './request-counter.js';

describe('methodKeyOf', () => {
  it('uses the JSON-RPC method of a POST body', () => {
    expect(methodKeyOf('POST', { jsonrpc: '2.0', id: 1, method: 'initialize' })).toBe('initialize');
    expect(methodKeyOf('POST', { jsonrpc: '2.0', method: 'notifications/initialized' })).toBe('notifications/initialized');
    expect(methodKeyOf('POST', { jsonrpc: '2.0', id: 7, method: 'tools/call', params: {} })).toBe('tools/call');
  });

  it('uses the verb for GET, DELETE and anything that is not POST, whatever the body', () => {
    expect(methodKeyOf('GET', undefined)).toBe('GET');
    expect(methodKeyOf('DELETE', undefined)).toBe('DELETE');
    expect(methodKeyOf('PUT', { method: 'tools/call' })).toBe('PUT');
  });

  it('counts unparseable or non-JSON-RPC POST bodies as POST:invalid', () => {
    expect(INVALID_POST_KEY).toBe('POST:invalid');
    expect(methodKeyOf('POST', UNPARSEABLE_BODY)).toBe('POST:invalid');
    expect(methodKeyOf('POST', null)).toBe('POST:invalid');
    expect(methodKeyOf('POST', 42)).toBe('POST:invalid');
    expect(methodKeyOf('POST', 'tools/call')).toBe('POST:invalid');
    expect(methodKeyOf('POST', { hello: 'world' })).toBe('POST:invalid');
    expect(methodKeyOf('POST', { jsonrpc: '2.0', method: 5 })).toBe('POST');
  });

  it('counts method-less JSON-RPC (batches, client responses) under the verb', () => {
    expect(methodKeyOf('POST', [{ jsonrpc: '2.0', id: 1, method: 'ping' }])).toBe('POST');
    expect(methodKeyOf('POST', { jsonrpc: '2.0', id: 3, result: {} })).toBe('POST');
  });
});

describe('RequestCounter', () => {
  it('starts empty', () => {
    const counter = new RequestCounter();
    expect(counter.snapshot()).toEqual({});
    expect(counter.total()).toBe(0);
  });

  it('counts by method and status, statuses keyed as strings', () => {
    const counter = new RequestCounter();
    counter.count('tools/call', 200);
    counter.count('tools/call', 200);
    counter.count('tools/call', 404);
    counter.count('GET', 'aborted');
    counter.count('initialize', 200);
    expect(counter.snapshot()).toEqual({
      'tools/call': { '200': 2, '404': 1 },
      GET: { aborted: 1 },
      initialize: { '200': 1 },
    });
    expect(counter.total()).toBe(5);
  });

  it('returns an independent copy', () => {
    const counter = new RequestCounter();
    counter.count('tools/list', 200);
    const before = counter.snapshot();
    counter.count('tools/list', 200);
    expect(before).toEqual({ 'tools/list': { '200': 1 } });
    expect(counter.snapshot()).toEqual({ 'tools/list': { '200': 2 } });
  });
});

describe('tool calls', () => {
  it('names the tool of a tools/call body and counts calls per tool, apart from the status counts', () => {
    expect(toolNameOf('tools/call', { method: 'tools/call', params: { name: 'work' } })).toBe('work');
    expect(toolNameOf('tools/list', { method: 'tools/list' })).toBeUndefined();
    expect(toolNameOf('tools/call', { method: 'tools/call', params: {} })).toBeUndefined();
    const c = new RequestCounter();
    c.countToolCall('work');
    c.countToolCall('work');
    c.countToolCall('echo');
    expect(c.toolCallSnapshot()).toEqual({ work: 2, echo: 1 });
    expect(c.total()).toBe(0);
  });
});
