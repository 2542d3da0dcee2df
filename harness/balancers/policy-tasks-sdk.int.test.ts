import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../proc/wait-for.js';
import { REPLICA_ID_HEADER, taskOwnerOf } from '../servers/replica-contract.js';
import { onlyMessage } from '../servers/replica-test-client.js';
import { classifyStateFailure } from '../servers/state-contract.js';
import { modernCall, modernRequest, resultOf } from '../servers/testing/state-fixtures.js';
import type { BalancerPolicy, StartedBalancer } from './balancer.js';
import { balancerTargets } from './testing/balancer-targets.js';
import { SdkReplicas } from './testing/sdk-replicas.js';

/**
 * route-by-task-owner against the real reference replicas keeping tasks in their own memory
 * (`--task-store memory`, no shared store): the task ids are the replicas' own, and "lost" is the
 * SDK-side `task_not_found` error. Round robin on the same replicas is the control.
 */
const targets = await balancerTargets();
const runId = `int-policy-tasks-${process.pid}`;
const replicas = new SdkReplicas('stateless', 3, ['--task-store', 'memory']);
let workRoot = '';
let seq = 0;

beforeAll(async () => {
  workRoot = await mkdtemp(path.join(tmpdir(), 'lb-policy-tasks-'));
  await replicas.start(runId);
}, 60_000);
afterAll(async () => {
  await replicas.stop();
  await rm(workRoot, { recursive: true, force: true });
});

/** Tasks created through the balancer (round robin decides where), with their owners. */
async function createTasks(lb: StartedBalancer, count: number): Promise<string[]> {
  const created = await Promise.all(Array.from({ length: count }, () => modernCall(lb.url, 'slow_job', { ms: 0 }, { tasks: true })));
  return created.map((r) => resultOf(r)['taskId'] as string);
}

for (const target of targets) {
  const impl = target.impl;
  describe.skipIf(target.skipReason !== undefined)(`${impl.name}: tasks in replica memory${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const started: StartedBalancer[] = [];
    afterAll(() => Promise.all(started.splice(0).map((lb) => lb.stop())));
    const start = async (policy: BalancerPolicy): Promise<StartedBalancer> => {
      const lb = await impl.start({ policy, backends: replicas.backends(), runId, workDir: path.join(workRoot, `${impl.name}-${policy}-${++seq}`), readinessTimeoutMs: 15_000 });
      started.push(lb);
      return lb;
    };

    it.skipIf(!impl.supports('route-by-task-owner').supported)('route-by-task-owner: every task is found, polled to completion on its owner, updated and cancelled', async () => {
      const lb = await start('route-by-task-owner');
      const taskIds = await createTasks(lb, 6);
      expect(new Set(taskIds.map(taskOwnerOf))).toEqual(new Set(['r1', 'r2', 'r3']));
      for (const taskId of taskIds) {
        const owner = taskOwnerOf(taskId);
        const polls: Array<{ replica: unknown; failure: string | undefined }> = [];
        const done = await waitFor(
          async () => {
            const res = await modernRequest(lb.url, 'tasks/get', { taskId }, { tasks: true });
            const failure = classifyStateFailure(res.status, onlyMessage(res));
            polls.push({ replica: res.headers[REPLICA_ID_HEADER], failure });
            if (failure !== undefined) return { failure }; // stop polling: asserted below
            const result = resultOf(res);
            return result['status'] === 'completed' ? result : undefined;
          },
          { timeoutMs: 10_000, what: `task ${taskId} completed` },
        );
        expect(polls.filter((p) => p.replica !== owner || p.failure !== undefined)).toEqual([]);
        expect(done).toMatchObject({ resultType: 'complete', taskId, result: { structuredContent: { ms: 0, ranOn: owner } } });
        for (const method of ['tasks/update', 'tasks/cancel']) {
          const res = await modernRequest(lb.url, method, method === 'tasks/update' ? { taskId, inputResponses: {} } : { taskId }, { tasks: true });
          expect([res.headers[REPLICA_ID_HEADER], resultOf(res)['resultType']]).toEqual([owner, 'complete']);
        }
      }
    });

    it('control: round robin sends at least one of two consecutive polls of a task to a replica that never saw it', async () => {
      const lb = await start('round-robin');
      const taskIds = await createTasks(lb, 6);
      const reasons: Array<string | undefined> = [];
      for (const taskId of taskIds) {
        for (let k = 0; k < 2; k++) {
          const res = await modernRequest(lb.url, 'tasks/get', { taskId }, { tasks: true });
          reasons.push(classifyStateFailure(res.status, onlyMessage(res)));
        }
      }
      // Two consecutive round-robin picks are two different replicas, so at most one of them is the owner.
      expect(reasons.filter((r) => r === 'task_not_found').length).toBeGreaterThanOrEqual(taskIds.length);
      expect(reasons.filter((r) => r !== undefined && r !== 'task_not_found')).toEqual([]);
    });
  });
}
