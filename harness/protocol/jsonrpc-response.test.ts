import { describe, expect, it } from 'vitest';
import { jsonRpcOutcome } from './jsonrpc-response.js';

describe('jsonRpcOutcome', () => {
  it('finds the response for its id in an SSE body after notifications', () => {
    const body = 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\nevent: message\ndata: {"jsonrpc":"2.0","id":4,"result":{"content":[]}}\n\n';
    expect(jsonRpcOutcome('text/event-stream', body, 4)).toEqual({ kind: 'result', result: { content: [] } });
  });

  it('reads a JSON body', () => {
    expect(jsonRpcOutcome('application/json', '{"jsonrpc":"2.0","id":2,"result":{"x":1}}', 2)).toEqual({ kind: 'result', result: { x: 1 } });
  });

  it('reads the id-less 404 "Session not found" body', () => {
    const body = '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}';
    expect(jsonRpcOutcome('application/json', body, 5)).toEqual({ kind: 'error', code: -32001, message: 'Session not found' });
  });

  it('reports none for an SSE body without this id and for an empty body', () => {
    expect(jsonRpcOutcome('text/event-stream', 'data: {"jsonrpc":"2.0","id":9,"result":{}}\n\n', 1)).toEqual({ kind: 'none' });
    expect(jsonRpcOutcome('application/json', '', 1)).toEqual({ kind: 'none' });
  });

  it('reports invalid for bodies that are not JSON', () => {
    expect(jsonRpcOutcome('application/json', '<html>', 1)).toEqual({ kind: 'invalid' });
    expect(jsonRpcOutcome('text/event-stream', 'data: nope\n\n', 1)).toEqual({ kind: 'invalid' });
  });
});
