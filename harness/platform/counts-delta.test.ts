import { describe, expect, it } from 'vitest';
import { subtractCounts } from './counts-delta.js';

describe('subtractCounts', () => {
  it('leaves only what was served since the baseline, without zero entries', () => {
    const base = { initialize: { '200': 3 }, GET: { '404': 1 } };
    const now = { initialize: { '200': 5 }, GET: { '404': 1 }, 'tools/call': { '200': 7 } };
    expect(subtractCounts(now, base)).toEqual({ initialize: { '200': 2 }, 'tools/call': { '200': 7 } });
  });
});
