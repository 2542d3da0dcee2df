import { describe, expect, it } from 'vitest';
import { dockerName, labelFilters, LABEL_OWNER_HOST, LABEL_OWNER_PID, LABEL_OWNER_START, LABEL_RUN_ID, ownerIsGone, runLabels, type OwnerProbe } from './docker-labels.js';

const owner = { pid: 4242, startTicks: '123456', host: 'bench-box' };

describe('docker labels', () => {
  it('label every container and network with run, cell, role and owner', () => {
    expect(runLabels('20261124T130542Z-headline-3fa2', 'legacy.round-robin.r3', 'replica', owner)).toEqual({
      'mcp-lb-bench.run-id': '20261124T130542Z-headline-3fa2',
      'mcp-lb-bench.cell-id': 'legacy.round-robin.r3',
      'mcp-lb-bench.role': 'replica',
      'mcp-lb-bench.owner-pid': '4242',
      'mcp-lb-bench.owner-start': '123456',
      'mcp-lb-bench.owner-host': 'bench-box',
    });
  });

  it('filter by run, by run and cell, or anything the harness labelled', () => {
    expect(labelFilters('run-1')).toEqual({ label: ['mcp-lb-bench.run-id=run-1'] });
    expect(labelFilters('run-1', 'cell.a')).toEqual({ label: ['mcp-lb-bench.run-id=run-1', 'mcp-lb-bench.cell-id=cell.a'] });
    expect(labelFilters()).toEqual({ label: [LABEL_RUN_ID] });
  });

  it('make valid docker names from run and cell ids', () => {
    expect(dockerName('20261124T130542Z-headline-3fa2', 'legacy.round-robin.r3', 'r1')).toBe('mlb-20261124T130542Z-headline-3fa2-legacy.round-robin.r3-r1');
    expect(dockerName('a b', 'c/d')).toBe('mlb-a_b-c_d');
  });
});

describe('ownerIsGone (the reaper decides with it)', () => {
  const labels = { [LABEL_OWNER_HOST]: 'bench-box', [LABEL_OWNER_PID]: '4242', [LABEL_OWNER_START]: '123456' };
  const probe = (alive: boolean, startTicks: string | undefined, host = 'bench-box'): OwnerProbe => ({ host, isAlive: () => alive, startTicksOf: () => startTicks });

  it('a dead owner: gone', () => expect(ownerIsGone(labels, probe(false, undefined))).toBe(true));
  it('the same live process: not gone (a concurrent run keeps its containers)', () => expect(ownerIsGone(labels, probe(true, '123456'))).toBe(false));
  it('a recycled pid (another process, other start time): gone', () => expect(ownerIsGone(labels, probe(true, '999'))).toBe(true));
  it('alive and start time unreadable (not Linux): not gone', () => expect(ownerIsGone(labels, probe(true, undefined))).toBe(false));
  it('owned by another machine sharing the daemon: never judged here', () => expect(ownerIsGone(labels, probe(false, undefined, 'other-box'))).toBe(false));
  it('unlabelled or malformed owner: left alone', () => {
    expect(ownerIsGone({ [LABEL_OWNER_HOST]: 'bench-box' }, probe(false, undefined))).toBe(false);
    expect(ownerIsGone({ ...labels, [LABEL_OWNER_PID]: 'x' }, probe(false, undefined))).toBe(false);
  });
});
