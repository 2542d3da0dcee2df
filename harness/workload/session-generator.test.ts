import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '../config/resolved-scenario.js';
import { SessionGenerator } from './session-generator.js';

const workload: WorkloadSpec = {
  callsPerSession: 5,
  sseStream: true,
  listTools: true,
  thinkTimeMs: 0,
  thinkTimeJitter: 0.5,
  tools: [
    { name: 'echo', weight: 3, arguments: { text: 'hi' } },
    { name: 'work', weight: 1, arguments: { cpuUs: 100 } },
  ],
  taskJobMs: 300,
  taskCancelFraction: 0,
};

describe('SessionGenerator', () => {
  it('is a pure function of (seed, index)', () => {
    const a = new SessionGenerator(workload, 7).session(42);
    const b = new SessionGenerator(workload, 7).session(42);
    expect(a.operations.map((o) => (o.kind === 'call-tool' ? o.tool : o.kind))).toEqual(b.operations.map((o) => (o.kind === 'call-tool' ? o.tool : o.kind)));
  });

  it('lists tools first and makes callsPerSession calls', () => {
    const s = new SessionGenerator(workload, 1).session(0);
    expect(s.operations[0]).toEqual({ kind: 'list-tools' });
    expect(s.operations.filter((o) => o.kind === 'call-tool')).toHaveLength(5);
  });

  it('renders the basket flow as create, callsPerSession uses of the handle, close', () => {
    const s = new SessionGenerator({ ...workload, listTools: false, callsPerSession: 2 }, 1, 'basket').session(7);
    expect(s.operations.map((o) => o.kind)).toEqual(['create-handle', 'use-handle', 'use-handle', 'close-handle']);
  });

  it('cancels about the configured share of tasks', () => {
    const g = new SessionGenerator({ ...workload, listTools: false, callsPerSession: 10, taskCancelFraction: 0.25 }, 5, 'tasks');
    let cancelled = 0;
    for (let i = 0; i < 400; i++) for (const o of g.session(i).operations) if (o.kind === 'run-task' && o.cancel) cancelled++;
    expect(cancelled / 4000).toBeGreaterThan(0.22);
    expect(cancelled / 4000).toBeLessThan(0.28);
  });

  it('follows the weights of the mix', () => {
    const g = new SessionGenerator(workload, 3);
    let echo = 0;
    let total = 0;
    for (let i = 0; i < 4000; i++) {
      for (const o of g.session(i).operations) {
        if (o.kind !== 'call-tool') continue;
        total++;
        if (o.tool === 'echo') echo++;
      }
    }
    expect(echo / total).toBeGreaterThan(0.72);
    expect(echo / total).toBeLessThan(0.78);
  });
});
