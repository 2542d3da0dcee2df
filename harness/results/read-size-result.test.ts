import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureRun } from '../report/testing/fixture-runs.js';
import { makeCell, found } from '../sizing/testing/size-fixtures.js';
import { parseResult } from './read-result.js';
import { parseSizeResult, readAnyResult, readSizeResult } from './read-size-result.js';
import { SIZE_SCHEMA_VERSION } from './size-result-types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'size-read-'));
const run = fixtureRun('headline').result;
const size = {
  schemaVersion: SIZE_SCHEMA_VERSION,
  kind: 'size',
  tool: { name: 'mcp-lb-bench', version: '0.1.0' },
  runId: 'r',
  status: 'completed',
  settings: { cpuCap: { coresPerReplica: 0.25, periodUs: 100_000 } },
  cells: [makeCell('stateless', 'round-robin', 1, found(50))],
  fits: [],
};
const write = (name: string, value: unknown): string => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('reading size results', () => {
  it('tells a size.json from a result.json by its kind', async () => {
    expect((await readAnyResult(write('size.json', size))).kind).toBe('size');
    expect((await readAnyResult(write('result.json', run))).kind).toBe('run');
    expect((await readSizeResult(path.join(dir, 'size.json'))).cells[0]!.search?.capacityPerSec).toBe(50);
  });

  it('refuses the wrong kind for each reader, and a newer version', async () => {
    await expect(readSizeResult(path.join(dir, 'result.json'))).rejects.toThrow(/is a run result \(result\.json\), not a size result/);
    expect(() => parseResult(size, 'size.json')).toThrow(/size.json: is a size result \(size\.json\), not a run result/);
    expect(() => parseSizeResult({ ...size, schemaVersion: SIZE_SCHEMA_VERSION + 1 }, 'x')).toThrow(new RegExp(`size schema version ${SIZE_SCHEMA_VERSION + 1}`));
  });

  it('names the first missing field of a damaged file', () => {
    const { cells: _cells, ...damaged } = size;
    expect(() => parseSizeResult(damaged, 'x.json')).toThrow(/^x\.json: not a readable mcp-lb-bench size result: cells: /);
  });
});
