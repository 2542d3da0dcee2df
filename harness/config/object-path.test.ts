import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, valueAt } from './object-path.js';

describe('object paths', () => {
  it.each([
    [['load', 'rate'], 'load.rate'],
    [['workload', 'tools', 1, 'arguments', 'text'], 'workload.tools[1].arguments.text'],
    [['matrix', 'policy', 0], 'matrix.policy[0]'],
    [['$schema'], '$schema'],
    [['a.b', 'c'], '["a.b"].c'],
  ] as const)('formats %j as %s and parses it back', (path, text) => {
    expect(formatPath(path)).toBe(text);
    expect(parsePath(text)).toEqual(path);
  });

  it('names the top level', () => {
    expect(formatPath([])).toBe('(top level)');
  });

  it.each(['', '.load', 'load..rate', 'load.', 'load[x]', 'load rate'])('rejects %j', (text) => {
    expect(parsePath(text)).toBeUndefined();
  });

  it('reads values, and undefined through anything missing', () => {
    const doc = { a: { b: [10, { c: 'x' }] } };
    expect(valueAt(doc, ['a', 'b', 1, 'c'])).toBe('x');
    expect(valueAt(doc, ['a', 'b', 5])).toBeUndefined();
    expect(valueAt(doc, ['a', 'b', 'length'])).toBeUndefined();
    expect(valueAt(doc, ['a', 0])).toBeUndefined();
  });

  it('reads own keys only: inherited members are not in a document', () => {
    expect(valueAt({ a: {} }, ['a', 'toString'])).toBeUndefined();
    expect(valueAt({ a: {} }, ['a', '__proto__'])).toBeUndefined();
    expect(valueAt({ a: {} }, ['constructor'])).toBeUndefined();
  });
});
