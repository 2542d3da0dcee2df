import { describe, expect, it } from 'vitest';
import { HAPROXY_PATHS, requireTool } from '../testing/requirements.js';
import { cellOf, faultOf, runFaultScenario } from './testing/run-fault-scenario.js';

const haproxy = requireTool('haproxy', HAPROXY_PATHS);
const nginx = requireTool('nginx', ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']);

const LOAD = `load: { executor: constant-arrival-rate, rate: 10, duration: 10s, warmup: 1s }
workload: { callsPerSession: 8, thinkTime: 150ms }
client: { timeout: 5s }`;

describe.skipIf(haproxy.skip)(`scale-out, scale-in and reload through HAProxy's runtime API ${haproxy.reason}`, () => {
  it('scales 2 → 4 → 2 under load: new replicas get traffic, leaving ones are drained, stateless loses nothing', async () => {
    const r = await runFaultScenario(`name: scale
balancer: { implementation: haproxy, healthCheck: { interval: 500ms, fall: 2, rise: 1 } }
matrix:
  model: [legacy, stateless]
  policy: [sticky-session-id, round-robin]
  replicas: 2
  exclude:
    - { model: legacy, policy: round-robin }
    - { model: stateless, policy: sticky-session-id }
${LOAD}
faults:
  - { kind: scale-out, at: 3s, count: 2 }
  - { kind: scale-in, at: 7s, count: 2, drain: 3s, grace: 2s }`);
    const c = cellOf(r, 'stateless.round-robin.r2');
    const out = faultOf(c, 0);
    const into = faultOf(c, 1);
    expect(out.steps?.map((s) => s.target).sort()).toEqual(['r3', 'r4']);
    expect(out.mechanism).toMatch(/runtime API/);
    expect(into.steps?.map((s) => s.target).sort()).toEqual(['r3', 'r4']);
    expect(into.steps?.every((s) => s.drained === true)).toBe(true);
    const requests = Object.fromEntries(c.replicaReports!.map((x) => [x.id, x.requests]));
    expect(requests['r3']).toBeGreaterThan(0);
    expect(requests['r4']).toBeGreaterThan(0);
    expect(out.impact!.failedRequests + into.impact!.failedRequests).toBeLessThanOrEqual(1);
    expect(c.reconciliation?.state).toBe('reconciled');
    // Sticky sessions keep their replica when others join (the stick table is not touched).
    const sticky = cellOf(r, 'legacy.sticky-session-id.r2');
    expect(faultOf(sticky, 0).impact!.failedByClass['404'] ?? 0).toBe(0);
    expect(sticky.reconciliation?.state).toBe('reconciled');
  }, 150_000);

  it('reloads seamlessly under load (master-worker, listeners handed over): no request fails', async () => {
    const r = await runFaultScenario(`name: reload-haproxy
balancer: haproxy
matrix: { model: stateless, policy: round-robin, replicas: 2 }
${LOAD}
faults: [{ kind: balancer-reload, at: 4s }]`);
    const c = cellOf(r, 'stateless.round-robin.r2');
    const f = faultOf(c);
    expect(f.target).toBe('balancer');
    expect(f.recoveredAtMs).toBeGreaterThan(f.startedAtMs!);
    expect(f.impact!.failedRequests).toBe(0);
    expect(c.metrics!.measuredFailedRequests).toBe(0);
  }, 120_000);
});

describe.skipIf(nginx.skip)(`scale and reload through nginx's configuration reload ${nginx.reason}`, () => {
  it('adds and drains replicas by rewriting the configuration and reloading; only keep-alive races fail', async () => {
    const r = await runFaultScenario(`name: scale-nginx
balancer: nginx
matrix: { model: stateless, policy: round-robin, replicas: 2 }
${LOAD}
faults:
  - { kind: scale-out, at: 3s }
  - { kind: balancer-reload, at: 5s }
  - { kind: scale-in, at: 7s, drain: 3s, grace: 2s }`);
    const c = cellOf(r, 'stateless.round-robin.r2');
    const [out, reload, into] = [faultOf(c, 0), faultOf(c, 1), faultOf(c, 2)];
    expect(out.mechanism).toMatch(/nginx/);
    expect(reload.target).toBe('balancer');
    expect(into.steps?.[0]).toMatchObject({ target: 'r3', drained: true });
    expect(c.replicaReports!.find((x) => x.id === 'r3')!.requests).toBeGreaterThan(0);
    // nginx's old workers close their idle keep-alive client connections when a reload retires them: a
    // request the client sends on one just then is reset (the client here does not retry). Nothing else fails.
    const failures = Object.values(c.metrics!.steps).flatMap((st) => Object.keys(st?.failures ?? {}));
    expect(failures.every((k) => k === 'connection-reset' || k === 'socket')).toBe(true);
    expect(c.metrics!.measuredFailedRequests).toBeLessThanOrEqual(6);
    expect(c.reconciliation?.state).toBe('reconciled');
  }, 120_000);
});

describe('scale and reload through the built-in balancer’s own table', () => {
  it('adds a replica, reloads and drains one through SIGHUP generations, without a failed request', async () => {
    const r = await runFaultScenario(`name: scale-builtin
balancer: builtin
matrix: { model: stateless, policy: round-robin, replicas: 2 }
${LOAD}
faults:
  - { kind: scale-out, at: 3s }
  - { kind: balancer-reload, at: 5s }
  - { kind: scale-in, at: 7s, drain: 3s, grace: 2s }`);
    const c = cellOf(r, 'stateless.round-robin.r2');
    const [out, reload, into] = [faultOf(c, 0), faultOf(c, 1), faultOf(c, 2)];
    expect(out.mechanism).toMatch(/built-in balancer table/);
    expect(out.steps?.[0]?.target).toBe('r3');
    expect(reload.recoveredAtMs).toBeGreaterThanOrEqual(reload.startedAtMs!);
    expect(into.steps?.[0]).toMatchObject({ target: 'r3', drained: true });
    const r3 = c.replicaReports!.find((x) => x.id === 'r3')!;
    expect(r3.requests).toBeGreaterThan(0);
    // It stopped gracefully (no process left) and its counts were banked: the cell reconciles below.
    expect(r3.pid).toBe(0);
    expect(c.metrics!.measuredFailedRequests).toBe(0);
    expect(c.reconciliation?.state).toBe('reconciled');
  }, 120_000);
});
