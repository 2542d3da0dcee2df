import { describe, expect, it } from 'vitest';
import { HAPROXY_PATHS, REDIS_SERVER_PATHS, requireTool } from '../testing/requirements.js';
import { cellOf, faultOf, runFaultScenario } from './testing/run-fault-scenario.js';

const haproxy = requireTool('haproxy', HAPROXY_PATHS);
const redis = requireTool('redis-server', REDIS_SERVER_PATHS);

// Three deployment models, 3 replicas behind HAProxy with redispatch (a failed connect goes to
// another replica): sessions in replica memory pinned by session id, sessions in Redis, stateless.
const MATRIX = `balancer: { implementation: haproxy, redispatch: true, healthCheck: { interval: 500ms, fall: 2, rise: 1 } }
matrix:
  model: [legacy, stateless]
  policy: [sticky-session-id, round-robin]
  replicas: 3
  store: [memory, redis]
  exclude:
    - { model: legacy, policy: round-robin, store: memory }
    - { model: legacy, policy: sticky-session-id, store: redis }
    - { model: stateless, policy: sticky-session-id }
    - { model: stateless, store: redis }
load: { executor: constant-arrival-rate, rate: 10, duration: 9s, warmup: 1s }
workload: { callsPerSession: 12, thinkTime: 200ms }
client: { timeout: 5s }`;
// Sessions in memory only: legacy pinned by session id, and stateless.
const MEMORY = `balancer: { implementation: haproxy, redispatch: true, healthCheck: { interval: 500ms, fall: 2, rise: 1 } }
matrix:
  model: [legacy, stateless]
  policy: [sticky-session-id, round-robin]
  replicas: 3
  exclude:
    - { model: legacy, policy: round-robin }
    - { model: stateless, policy: sticky-session-id }
load: { executor: constant-arrival-rate, rate: 10, duration: 8s, warmup: 1s }
workload: { callsPerSession: 12, thinkTime: 200ms }
client: { timeout: 5s }`;
const STICKY = 'legacy.sticky-session-id.r3';
const SHARED = 'legacy.round-robin.r3.redis';
const STATELESS = 'stateless.round-robin.r3';

describe.skipIf(haproxy.skip || redis.skip)(`replica faults on platform process ${haproxy.reason}${redis.reason}`, () => {
  it('a crash of 1 of 3 replicas loses the sessions it held (about a third) under sticky, none with Redis, only in-flight requests stateless', async () => {
    const r = await runFaultScenario(`name: crash\n${MATRIX}\nfaults: [{ kind: replica-crash, at: 5s, replicas: r2 }]`);
    const sticky = faultOf(cellOf(r, STICKY));
    expect(sticky.sessionsOpen).toBeGreaterThan(10);
    expect(sticky.target).toBe('r2');
    const share = sticky.sessionsOnTarget! / sticky.sessionsOpen!;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.55);
    // Each lost session meets one 404 on its next request (the other replicas do not know it), then re-initializes.
    const lost404 = sticky.impact!.failedByClass['404'] ?? 0;
    expect(lost404).toBeGreaterThanOrEqual(Math.floor(sticky.sessionsOnTarget! * 0.6));
    expect(lost404).toBeLessThanOrEqual(sticky.sessionsOnTarget! + 2);
    expect(sticky.recoveredAtMs).toBeUndefined();
    const shared = faultOf(cellOf(r, SHARED));
    expect(shared.impact!.failedByClass['404'] ?? 0).toBe(0);
    const stateless = faultOf(cellOf(r, STATELESS));
    expect(stateless.sessionsOnTarget).toBeUndefined();
    expect(stateless.impact!.failedByClass['404'] ?? 0).toBe(0);
    // In flight on r2 when it died: at 10 sessions/s × 12 calls over ~3 s, a handful at most.
    expect(stateless.impact!.failedRequests).toBeLessThanOrEqual(8);
    for (const c of r.cells) expect(c.reconciliation?.state, c.id).not.toBe('mismatch');
  }, 120_000);

  it('a crash with a restart comes back as a new incarnation and serves again', async () => {
    const r = await runFaultScenario(`name: crash-restart\n${MEMORY}\nfaults: [{ kind: replica-crash, at: 4s, replicas: r1, duration: 2s }]`);
    const c = cellOf(r, STATELESS);
    const f = faultOf(c);
    expect(f.recoveredAtMs! - f.startedAtMs!).toBeGreaterThanOrEqual(2_000);
    const r1 = c.replicaReports!.find((x) => x.id === 'r1')!;
    expect(r1.incarnations?.map((i) => i.end)).toEqual(['killed', undefined]);
    expect(f.recoveryMs).toBeDefined();
  }, 120_000);

  it('a graceful restart loses the sessions of the restarted replica under sticky, not with Redis, and no stateless session', async () => {
    const r = await runFaultScenario(`name: restart\n${MATRIX}\nfaults: [{ kind: replica-restart, at: 5s, replicas: r3, grace: 3s }]`);
    const sticky = faultOf(cellOf(r, STICKY));
    expect(sticky.sessionsOnTarget).toBeGreaterThan(0);
    const sticky404 = sticky.impact!.failedByClass['404'] ?? 0;
    expect(sticky404).toBeGreaterThanOrEqual(Math.floor(sticky.sessionsOnTarget! * 0.5));
    // Sessions in Redis survive the restart (an odd 404 was seen once in 45 sessions: at most a few).
    expect(faultOf(cellOf(r, SHARED)).impact!.failedByClass['404'] ?? 0).toBeLessThan(Math.max(3, sticky404 / 4));
    const stateless = cellOf(r, STATELESS);
    // Without a balancer drain the stopping replica answers what reaches it during its grace with 503.
    const f = faultOf(stateless).impact!;
    expect(f.failedByClass['404'] ?? 0).toBe(0);
    expect(Object.values(f.failedByClass).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThanOrEqual(f.failedRequests - 1);
    // The graceful stop banked the replica's own final counts: the cell reconciles exactly.
    expect(stateless.reconciliation?.state).toBe('reconciled');
    expect(stateless.replicaReports!.find((x) => x.id === 'r3')!.incarnations?.[0]?.counts).toBe('final');
  }, 120_000);

  it('a rolling restart goes one replica at a time, each after its predecessor passed the health check', async () => {
    const r = await runFaultScenario(`name: rolling\n${MATRIX}\nfaults: [{ kind: rolling-restart, at: 3s, grace: 2s, drain: 1s }]`);
    const sticky = faultOf(cellOf(r, STICKY));
    expect(sticky.steps?.map((s) => s.target)).toEqual(['r1', 'r2', 'r3']);
    for (const [i, s] of sticky.steps!.entries()) {
      expect(s.servingAtMs).toBeGreaterThan(s.startedAtMs);
      if (i > 0) expect(s.startedAtMs).toBeGreaterThanOrEqual(sticky.steps![i - 1]!.servingAtMs!);
    }
    // Every replica restarts, so every session open in memory meets its replica's restart.
    expect(sticky.impact!.failedByClass['404'] ?? 0).toBeGreaterThan(0);
    expect(faultOf(cellOf(r, SHARED)).impact!.failedByClass['404'] ?? 0).toBe(0);
    expect(faultOf(cellOf(r, STATELESS)).impact!.failedRequests).toBeLessThanOrEqual(3);
    for (const c of r.cells) expect(c.reconciliation?.state, c.id).toBe('reconciled');
  }, 150_000);

  it('a hang of one replica delays its requests for the duration and then recovers', async () => {
    const r = await runFaultScenario(`name: hang\n${MEMORY}\nfaults: [{ kind: replica-hang, at: 4s, replicas: r2, duration: 1500ms }]`);
    const f = faultOf(cellOf(r, STATELESS));
    expect(f.recoveredAtMs! - f.startedAtMs!).toBeGreaterThanOrEqual(1_500);
    expect(f.impact!.p99Us.during).toBeGreaterThan(1_000_000);
    expect(f.impact!.p99Us.before).toBeLessThan(f.impact!.p99Us.during!);
  }, 120_000);
});
