import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BALANCER_POLICIES, type BalancerPolicy, type StartedBalancer } from './balancer.js';
import { assignPools, countMisroutes, POOL_POLICIES, type ReplicaToolCalls } from './pool-assignment.js';
import { balancerTargets } from './testing/balancer-targets.js';
import { LegacySession, statelessCall } from './testing/mcp-traffic.js';
import { SdkReplicas } from './testing/sdk-replicas.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The policies against the real reference replicas (v1 SDK sessions, v2 SDK stateless), through every
 * implementation that claims them: the 404s here are the SDK's own "session not found", and the
 * misroutes are counted from the replicas' own /-/stats.
 */
const targets = await balancerTargets();
const runId = `int-policy-sdk-${process.pid}`;
const legacy = new SdkReplicas('legacy');
const stateless = new SdkReplicas('stateless');
let workRoot = '';
let seq = 0;

beforeAll(async () => {
  workRoot = await mkdtemp(path.join(tmpdir(), 'lb-policy-sdk-'));
  await Promise.all([legacy.start(runId), stateless.start(runId)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([legacy.stop(), stateless.stop()]);
  await rm(workRoot, { recursive: true, force: true });
});

/** tools/call counts served in between two snapshots of the replicas' stats. */
function served(before: readonly ReplicaToolCalls[], after: readonly ReplicaToolCalls[]): ReplicaToolCalls[] {
  return after.map((a, i) => ({
    replicaId: a.replicaId,
    toolCalls: Object.fromEntries(Object.entries(a.toolCalls ?? {}).map(([t, n]) => [t, n - (before[i]?.toolCalls?.[t] ?? 0)])),
  }));
}

for (const target of targets) {
  const impl = target.impl;
  describe.skipIf(target.skipReason !== undefined)(`${impl.name}: policies with SDK replicas${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const started: StartedBalancer[] = [];
    afterAll(() => Promise.all(started.splice(0).map((lb) => lb.stop())));
    const start = async (policy: BalancerPolicy, replicas: SdkReplicas): Promise<StartedBalancer> => {
      const backends = replicas.backends();
      const pools = POOL_POLICIES.includes(policy) ? assignPools([{ name: 'heavy', replicas: 1, tools: ['work'] }], backends.map((b) => b.id)) : undefined;
      const lb = await impl.start({ policy, backends, runId, workDir: path.join(workRoot, `${impl.name}-${policy}-${++seq}`), readinessTimeoutMs: 15_000, ...(pools ? { pools } : {}) });
      started.push(lb);
      return lb;
    };
    const supports = (p: BalancerPolicy): boolean => impl.supports(p).supported;

    it.skipIf(!supports('sticky-session-id'))('legacy × sticky-session-id: zero 404s', async () => {
      const lb = await start('sticky-session-id', legacy);
      const sessions = Array.from({ length: 12 }, () => new LegacySession(lb.url, false));
      await Promise.all(
        sessions.map(async (s) => {
          await s.initialize();
          await s.initialized();
          for (let i = 0; i < 3; i++) await s.call(i === 1 ? 'work' : 'echo', i === 1 ? { cpuUs: 100 } : { text: 'x' });
        }),
      );
      const statuses = sessions.flatMap((s) => s.replies.map((r) => r.status));
      expect(statuses.filter((st) => st === 404)).toEqual([]);
      expect(new Set(statuses.filter((st) => st >= 300))).toEqual(new Set());
    });

    it.skipIf(!supports('hash-session-id'))('legacy × hash-session-id: the first request after initialize 404s about (N-1)/N of the time', async () => {
      const lb = await start('hash-session-id', legacy);
      const n = 45;
      const first: number[] = [];
      const minters = new Set<string | undefined>();
      for (let i = 0; i < n; i++) {
        const s = new LegacySession(lb.url, false);
        minters.add((await s.initialize()).replica);
        first.push((await s.initialized()).status);
      }
      const lost = first.filter((st) => st === 404).length;
      // Binomial(45, 2/3): mean 30, sd 3.2; 19..41 is ±3.5 sd. Everything else must be a success.
      expect(lost, `404 on ${lost}/${n} first post-initialize requests`).toBeGreaterThanOrEqual(19);
      expect(lost).toBeLessThanOrEqual(41);
      expect(first.filter((st) => st !== 404 && st !== 202)).toEqual([]);
      // initialize has no key: every implementation balances it round robin, so sessions are minted everywhere.
      expect(minters.size).toBe(3);
    });

    for (const policy of BALANCER_POLICIES) {
      it.skipIf(!supports(policy))(`stateless × ${policy}: zero 404s${POOL_POLICIES.includes(policy) ? ', zero misroutes' : ''}`, async () => {
        const lb = await start(policy, stateless);
        const before = await stateless.toolCalls();
        const replies = await Promise.all(
          Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? statelessCall(lb.url, 'work', { cpuUs: 100 }) : statelessCall(lb.url, 'echo', { text: 'x' }))),
        );
        expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
        if (POOL_POLICIES.includes(policy)) {
          const pools = assignPools([{ name: 'heavy', replicas: 1, tools: ['work'] }], stateless.backends().map((b) => b.id));
          expect(countMisroutes(pools, served(before, await stateless.toolCalls()))).toEqual({ misrouted: 0, toolCalls: 12, byTool: {} });
        }
      });
    }
  });
}
