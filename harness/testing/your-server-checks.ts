import { expect } from 'vitest';
import type { RunResult } from '../results/result-types.js';

/**
 * What scenarios/your-server.yaml must show on any platform (issue 15's acceptance): every cell ran,
 * no call failed as a tool error, the client's counts reconcile with the balancer's (the server keeps
 * none), and the server's lost-session answer was measured (400/-32000: the v1 SDK example router's).
 * For tests only.
 */
export function expectYourServerAccepted(result: RunResult, platform: string): void {
  expect(result.status).toBe('completed');
  expect(result.environment['harnessPlatform']).toBe(platform);
  expect(result.cells.map((c) => [c.id, c.status])).toEqual([
    ['legacy.round-robin.r3', 'completed'],
    ['legacy.sticky-session-id.r3', 'completed'],
  ]);
  for (const c of result.cells) {
    const m = c.metrics!;
    expect([c.id, m.steps.call?.failures['tool-error'] ?? 0, m.sessions.failedByReason['tool-error'] ?? 0]).toEqual([c.id, 0, 0]);
    expect([c.id, c.reconciliation?.state, c.reconciliation?.source?.kind]).toEqual([c.id, 'reconciled', 'balancer']);
    expect(c.reconciliation!.clientTotal).toBeGreaterThan(0);
    expect(c.lostSession).toMatchObject({ status: 400, code: -32000, source: 'measured', conforming: false });
    expect(c.replicaReports?.map((r) => r.sdk)).toEqual([{ 'mcp-servers/everything': '2.0.0' }, { 'mcp-servers/everything': '2.0.0' }, { 'mcp-servers/everything': '2.0.0' }]);
  }
  const sticky = result.cells[1]!;
  // Affinity by Mcp-Session-Id keeps every session whole: every measured call answered.
  expect([sticky.metrics!.sessions.failed, sticky.metrics!.measuredFailedRequests]).toEqual([0, 0]);
  // Round robin loses sessions; the server's 400 counts as a lost session, never as a generic HTTP error.
  const rr = result.cells[0]!.metrics!;
  expect(rr.sessions.sessionLostEvents).toBeGreaterThan(0);
  expect(Object.keys(rr.sessions.lostSignals)).toEqual(['400/-32000']);
  expect(rr.sessions.failedByReason['http-error'] ?? 0).toBe(0);
}
