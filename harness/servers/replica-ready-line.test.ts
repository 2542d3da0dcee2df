import { describe, expect, it } from 'vitest';
import type { ReplicaReadyLine } from './replica-contract.js';
import { formatReadyLine, parseReadyLine } from './replica-ready-line.js';

const ready: ReplicaReadyLine = {
  event: 'ready',
  replicaId: 'r1',
  model: 'legacy',
  host: '127.0.0.1',
  port: 40123,
  pid: 4242,
  sdk: { '@modelcontextprotocol/sdk': '1.32.2' },
};

describe('ready line', () => {
  it('round-trips as a single line', () => {
    const line = formatReadyLine(ready);
    expect(line).not.toContain('\n');
    expect(parseReadyLine(line)).toEqual(ready);
  });

  it('ignores other output', () => {
    expect(parseReadyLine('(node:1) ExperimentalWarning: something')).toBeUndefined();
    expect(parseReadyLine('{not json')).toBeUndefined();
    expect(parseReadyLine(JSON.stringify({ ...ready, event: 'stopping' }))).toBeUndefined();
    expect(parseReadyLine(JSON.stringify({ ...ready, model: 'other' }))).toBeUndefined();
    expect(parseReadyLine(JSON.stringify({ ...ready, port: '40123' }))).toBeUndefined();
  });
});
