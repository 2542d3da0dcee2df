import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '../config/resolved-scenario.js';
import { mixSeed, mulberry32 } from './prng.js';
import { SessionGenerator } from './session-generator.js';

const workload = (tools: WorkloadSpec['tools'], callsPerSession = 4): WorkloadSpec => ({
  callsPerSession,
  sseStream: false,
  listTools: false,
  thinkTimeMs: 0,
  thinkTimeJitter: 0,
  tools,
  taskJobMs: 0,
  taskCancelFraction: 0,
});

const args = (g: SessionGenerator, session: number) => g.session(session).operations.map((o) => (o.kind === 'call-tool' ? o.arguments : undefined));

describe('SessionGenerator: arguments that vary per call', () => {
  it('sequence: call n of the cell (session × calls + i) uses entry n mod length', () => {
    const g = new SessionGenerator(workload([{ name: 'get-sum', weight: 1, arguments: {}, argumentsFrom: { kind: 'sequence', values: [{ a: 1 }, { a: 2 }, { a: 3 }] } }]), 7);
    expect(args(g, 0)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 1 }]);
    expect(args(g, 1)).toEqual([{ a: 2 }, { a: 3 }, { a: 1 }, { a: 2 }]);
    expect(g.operation(5)).toMatchObject({ arguments: { a: 3 } });
  });

  it('list: each call draws one, seeded (the same session twice is the same calls), all of them in time', () => {
    const values = Array.from({ length: 5 }, (_, i) => ({ q: `v${i}` }));
    const g = new SessionGenerator(workload([{ name: 'search', weight: 1, arguments: {}, argumentsFrom: { kind: 'list', values } }], 50), 3);
    expect(args(g, 4)).toEqual(args(new SessionGenerator(workload([{ name: 'search', weight: 1, arguments: {}, argumentsFrom: { kind: 'list', values } }], 50), 3), 4));
    expect(new Set(args(g, 4).map((a) => (a as { q: string }).q))).toEqual(new Set(values.map((v) => v.q)));
    expect(args(g, 4)).not.toEqual(args(g, 5));
  });

  it('fixed arguments draw exactly as before (one random number per call), so existing scenarios replay unchanged', () => {
    const fixed = new SessionGenerator(workload([{ name: 'echo', weight: 3, arguments: { text: 'a' } }, { name: 'work', weight: 1, arguments: { cpuUs: 1 } }], 8), 1);
    // The draw before argument sources existed: one number per call against the cumulative weights 3, 4.
    const random = mulberry32(mixSeed(1, 0));
    const before = Array.from({ length: 8 }, () => (random() * 4 < 3 ? 'echo' : 'work'));
    expect(before).toContain('work');
    expect(fixed.session(0).operations.map((o) => (o.kind === 'call-tool' ? o.tool : o.kind))).toEqual(before);
  });
});
