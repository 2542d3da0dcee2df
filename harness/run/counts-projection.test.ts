import { describe, expect, it } from 'vitest';
import { projectCounts, statusClassOf, verbOf } from './counts-projection.js';

const CLIENT = {
  r1: { initialize: { '200': 2 }, 'notifications/initialized': { '202': 2 }, GET: { '200': 1 }, 'tools/call': { '200': 5, '400': 1 }, DELETE: { '200': 1 } },
  '(no answer)': { 'tools/call': { 'error:timeout': 1 } },
};

describe('projectCounts: the client’s counts at the granularity of what they are compared with', () => {
  it('keeps method and status for a reference replica’s own counts', () => {
    expect(projectCounts(CLIENT, 'method-status')).toBe(CLIENT);
  });

  it('adds JSON-RPC methods up to POST for a balancer that counts by verb', () => {
    expect(projectCounts(CLIENT, 'verb-status')).toEqual({
      r1: { POST: { '200': 7, '202': 2, '400': 1 }, GET: { '200': 1 }, DELETE: { '200': 1 } },
      '(no answer)': { POST: { 'error:timeout': 1 } },
    });
  });

  it('adds everything up to status classes for HAProxy’s stats, keeping non-HTTP outcomes apart', () => {
    expect(projectCounts(CLIENT, 'status-class')).toEqual({ r1: { '*': { '2xx': 11, '4xx': 1 } }, '(no answer)': { '*': { 'error:timeout': 1 } } });
    expect([statusClassOf('503'), statusClassOf('999'), statusClassOf('error:aborted')]).toEqual(['5xx', 'other', 'error:aborted']);
    expect([verbOf('GET'), verbOf('DELETE'), verbOf('tools/list')]).toEqual(['GET', 'DELETE', 'POST']);
  });
});
