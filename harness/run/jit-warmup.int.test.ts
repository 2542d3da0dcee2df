import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { warmGeneratorJit } from './jit-warmup.js';

const headline = resolveScenario({ text: readFileSync(new URL('../../scenarios/headline.yaml', import.meta.url), 'utf8'), env: {}, flags: { set: [] } });

describe('warmGeneratorJit', () => {
  it.each(['legacy', 'stateless'] as const)('runs %s sessions end to end against its stub, once per thread', async (model) => {
    const first = await warmGeneratorJit(model, headline);
    // Whole sessions succeed against the stub: the warm-up trains the paths the real load takes.
    expect(first.requests).toBeGreaterThan(500);
    expect(first.failed).toBe(0);
    expect(await warmGeneratorJit(model, headline)).toEqual({ requests: 0, failed: 0 });
  });
});
