import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TASK_ID_PATTERN, taskOwnerOf } from '../servers/replica-contract.js';
import { RouteByTaskOwnerPolicy } from './route-by-task-owner-policy.js';
import { createRoutingPolicy } from './routing-policies.js';
import type { RequestView } from './routing-policy.js';

const IDS = ['r1', 'r2', 'r3'];
const req = (headers: Record<string, string> = {}): RequestView => ({ method: 'POST', rawHeaders: Object.entries(headers).flat() });
const task = (method: string, taskId: string): RequestView => req({ 'Mcp-Method': method, 'Mcp-Name': taskId });
/** A task id as the reference replicas mint it. */
const mint = (owner: string): string => `${owner}.${randomBytes(16).toString('base64url')}`;

describe('RouteByTaskOwnerPolicy', () => {
  it('tasks/get, tasks/update and tasks/cancel reach the replica their task id names, every time', () => {
    const p = new RouteByTaskOwnerPolicy(IDS);
    for (const [index, owner] of IDS.entries()) {
      const id = mint(owner);
      for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel', 'tasks/list-ish']) {
        for (let k = 0; k < 3; k++) expect(p.pick(task(method, id))).toBe(index);
      }
    }
    // header names in any case, as Node keeps them raw
    expect(p.pick(req({ 'mcp-method': 'tasks/get', 'MCP-NAME': 'r3.q3V0cBv0kQ2m8D8tHcY6xA' }))).toBe(2);
  });

  it('everything else goes round robin, and task requests do not advance the rotation', () => {
    const p = new RouteByTaskOwnerPolicy(IDS);
    const others = [
      req({ 'Mcp-Method': 'tools/call', 'Mcp-Name': 'slow_job' }), // creates a task: wherever it lands
      req({ 'Mcp-Method': 'tools/call', 'Mcp-Name': 'r1.q3V0cBv0kQ2m8D8tHcY6xA' }), // not a tasks/* method
      task('tasks/get', 'r9.q3V0cBv0kQ2m8D8tHcY6xA'), // owner not in this cell
      task('tasks/get', 'r1'), // no separator
      task('tasks/get', 'R1.q3V0cBv0kQ2m8D8tHcY6xA'), // ids are case-sensitive, as in HAProxy and nginx
      task('tasks/get', 'xr1.q3V0cBv0kQ2m8D8tHcY6xA'),
      task('tasks/get', ''),
      req({ 'Mcp-Method': 'tasks/get' }), // no Mcp-Name
      req({ 'Mcp-Name': 'r1.q3V0cBv0kQ2m8D8tHcY6xA' }), // no Mcp-Method (a 2025-11-25 client)
      req(),
      req({ 'Mcp-Method': 'TASKS/get', 'Mcp-Name': 'r1.q3V0cBv0kQ2m8D8tHcY6xA' }),
      req({ 'Mcp-Method': 'tools/list' }),
    ];
    const picks: number[] = [];
    for (const r of others) {
      picks.push(p.pick(r));
      expect(p.pick(task('tasks/get', 'r2.q3V0cBv0kQ2m8D8tHcY6xA'))).toBe(1);
    }
    expect(picks).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it('routes by prefix, first backend in order, like the HAProxy and nginx rules: r1 and r10 are distinct', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `r${i + 1}`);
    const p = new RouteByTaskOwnerPolicy(ids);
    expect(p.ownerOf(task('tasks/get', 'r10.q3V0cBv0kQ2m8D8tHcY6xA'))).toBe(9);
    expect(p.ownerOf(task('tasks/get', 'r1.q3V0cBv0kQ2m8D8tHcY6xA'))).toBe(0);
    // a malformed random part still names its owner: that replica answers task_not_found like any other would
    expect(p.ownerOf(task('tasks/cancel', 'r4.not-a-real-id'))).toBe(3);
  });

  it('agrees with the replica contract\'s taskOwnerOf on minted ids', () => {
    const p = new RouteByTaskOwnerPolicy(IDS);
    for (let k = 0; k < 300; k++) {
      const id = mint(IDS[k % 3]!);
      expect(id).toMatch(TASK_ID_PATTERN);
      expect(IDS[p.ownerOf(task('tasks/get', id))]).toBe(taskOwnerOf(id));
    }
  });

  it('is what createRoutingPolicy builds, with the cell\'s backend ids', () => {
    const p = createRoutingPolicy('route-by-task-owner', 2, { backendIds: ['a', 'b'] });
    expect(p).toBeInstanceOf(RouteByTaskOwnerPolicy);
    expect(p.pick(task('tasks/get', 'b.q3V0cBv0kQ2m8D8tHcY6xA'))).toBe(1);
    expect(p.needsBody).toBeUndefined();
  });
});
