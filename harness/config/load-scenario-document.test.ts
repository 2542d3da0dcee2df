import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { loadScenarioDocument, type ScenarioSource } from './load-scenario-document.js';

function readError(source: ScenarioSource): HarnessError {
  try {
    loadScenarioDocument(source);
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected loadScenarioDocument to throw');
}

describe('loadScenarioDocument', () => {
  it('reports a missing file as E_SCENARIO_READ with exit code 2', () => {
    const error = readError({ file: join(tmpdir(), 'no-such-dir-4f1c', 'x.yaml') });
    expect(error.code).toBe('E_SCENARIO_READ');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^cannot read scenario .*x\.yaml: no such file$/);
    expect(error.hint).toContain('check the path');
  });

  it('reports YAML syntax errors with file, line and column', () => {
    const error = readError({ text: 'name: x\nload:\n  rate: 5: 6\n', file: 'scenarios/bad.yaml' });
    expect(error.code).toBe('E_SCENARIO_READ');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('cannot parse scenario scenarios/bad.yaml:3:9: Nested mappings are not allowed in compact mappings');
    expect(error.details).toEqual(['scenarios/bad.yaml:3:9: Nested mappings are not allowed in compact mappings']);
  });

  it('refuses duplicate keys rather than keeping the last one', () => {
    const error = readError({ text: 'name: a\nseed: 1\nseed: 2\n', file: 's.yaml' });
    expect(error.message).toBe('cannot parse scenario s.yaml:3:1: Map keys must be unique');
  });

  it('reports JSON syntax errors with line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "name": "x",\n  "seed": \n}\n');
    const error = readError({ file });
    expect(error.code).toBe('E_SCENARIO_READ');
    expect(error.message).toContain(`${file}:`);
    expect(error.message).toMatch(/bad\.json:\d+:\d+: /);
  });

  it('refuses unknown extensions and a missing source', () => {
    expect(readError({ file: 'scenarios/x.toml' }).message).toBe('cannot read scenario scenarios/x.toml: unsupported file extension ".toml"');
    expect(readError({}).code).toBe('E_USAGE');
  });

  it('locates paths at their keys, falling back to the deepest present ancestor', () => {
    const doc = loadScenarioDocument({ text: 'name: x\nload:\n  rate: 5\nlist:\n  - a\n  - { b: 1 }\n' });
    expect(doc.locate(['load', 'rate'])).toEqual({ line: 3, col: 3 });
    expect(doc.locate(['load', 'missing'])).toEqual({ line: 2, col: 1 });
    expect(doc.locate(['list', 1, 'b'])).toEqual({ line: 6, col: 7 });
    expect(doc.locate(['absent'])).toBeUndefined();
    expect(doc.label).toBe('<scenario text>');
    expect(doc.sourceFile).toBeUndefined();
  });
});
