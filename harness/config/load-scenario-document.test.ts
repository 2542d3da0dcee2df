import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { MAX_NESTING } from './check-yaml-tree.js';
import { loadScenarioDocument, type ScenarioSource } from './load-scenario-document.js';
import { MAX_SCENARIO_BYTES } from './read-scenario-text.js';

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
    expect(error.details).toEqual([]);
    expect(error.hint).toBe('fix the YAML syntax at that line and column (indentation, quotes, colons)');
  });

  it('refuses duplicate keys rather than keeping the last one, saying where the first one is', () => {
    const error = readError({ text: 'name: a\nseed: 1\nseed: 2\n', file: 's.yaml' });
    expect(error.message).toBe('cannot parse scenario s.yaml:3:1: duplicate key "seed" (first at line 2)');
    expect(error.hint).toContain('once per mapping');
  });

  it('finds a duplicate among 20k keys of one mapping (checked in one pass, not pair by pair)', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: 1\n`).join('');
    const error = readError({ text: `name: a\nbig:\n${keys}  k7: 2\n`, file: 'many.yaml' });
    expect(error.message).toBe('cannot parse scenario many.yaml:20003:3: duplicate key "k7" (first at line 10)');
  }, 30_000); // parsing 230 KB takes a while on a loaded 2-core box; the pair-by-pair check took seconds more

  it('reports JSON syntax errors with line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "name": "x",\n  "seed": \n}\n');
    const error = readError({ file });
    expect(error.code).toBe('E_SCENARIO_READ');
    expect(error.message).toContain(`${file}:`);
    expect(error.message).toMatch(/bad\.json:\d+:\d+: /);
  });

  describe('bounds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-bounds-'));

    it(`refuses a file over ${MAX_SCENARIO_BYTES} bytes before parsing it`, () => {
      const file = join(dir, 'huge.yaml');
      writeFileSync(file, `name: x\ndescription: "${'a'.repeat(MAX_SCENARIO_BYTES)}"\n`);
      const error = readError({ file });
      expect(error.code).toBe('E_SCENARIO_READ');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`cannot read scenario ${file}: 257 KiB is too large for a scenario (at most 256 KiB)`);
      expect(error.hint).toContain('is this the right file?');
      expect(readError({ text: 'x'.repeat(MAX_SCENARIO_BYTES + 1), file: 'inline.yaml' }).message).toContain('is too large for a scenario');
    });

    it('refuses a symlink to /dev/zero (endless) without reading it', () => {
      const link = join(dir, 'zero.yaml');
      symlinkSync('/dev/zero', link);
      const error = readError({ file: link });
      expect(error.message).toBe(`cannot read scenario ${link}: a character device, not a file`);
      expect(error.hint).toContain('devices, pipes and sockets are refused');
    });

    it('refuses a named pipe without waiting for a writer', () => {
      const fifo = join(dir, 'pipe.yaml');
      execFileSync('mkfifo', [fifo]);
      expect(readError({ file: fifo }).message).toBe(`cannot read scenario ${fifo}: a pipe, not a file`);
    });

    it('refuses a folder, suggesting a file inside it', () => {
      const folder = join(dir, 'scenarios.yaml');
      mkdirSync(folder);
      const error = readError({ file: folder });
      expect(error.message).toBe(`cannot read scenario ${folder}: a folder, not a file`);
      expect(error.hint).toBe(`pass a scenario file inside it, e.g. ${folder}/headline.yaml`);
    });

    it('follows a symlink to a regular file', () => {
      const target = join(dir, 'real.yaml');
      writeFileSync(target, 'name: linked\n');
      symlinkSync(target, join(dir, 'link.yaml'));
      expect(loadScenarioDocument({ file: join(dir, 'link.yaml') }).data).toEqual({ name: 'linked' });
    });

    it(`refuses nesting deeper than ${MAX_NESTING} levels, at the first node too deep`, () => {
      const text = `name: x\nload:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i + 1)}k${i}:\n`).join('')}`;
      const error = readError({ text, file: 'deep.yaml' });
      expect(error.message).toBe(`cannot parse scenario deep.yaml:${MAX_NESTING + 2}:${MAX_NESTING + 1}: nested more than ${MAX_NESTING} levels deep`);
      expect(error.hint).toContain('workload.tools[0].arguments.text');
    });

    it('refuses an alias that contains itself (an infinite document) instead of looping on it', () => {
      const error = readError({ text: 'name: x\nworkload: &w { tools: [{ name: echo, arguments: *w }] }\n', file: 'cycle.yaml' });
      expect(error.message).toBe('cannot parse scenario cycle.yaml:2:49: alias *w refers to a node that contains it (the document would be infinite)');
    });

    it('still expands an alias of an earlier value', () => {
      expect(loadScenarioDocument({ text: 'a: &v { x: 1 }\nb: *v\n' }).data).toEqual({ a: { x: 1 }, b: { x: 1 } });
    });
  });

  describe('one line for each kind of unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-messages-'));
    const oneLine = (error: HarnessError): void => {
      expect(error.code).toBe('E_SCENARIO_READ');
      expect(error.details).toEqual([]);
      expect(error.message).not.toContain('\n');
      expect(error.message.length).toBeLessThan(250);
    };

    it('says a .json file holding YAML is YAML, instead of listing every plain scalar', () => {
      const file = join(dir, 'smoke.json');
      writeFileSync(file, 'name: smoke\nmatrix:\n  model: [legacy, stateless]\n  policy: round-robin\n  replicas: 3\nload:\n  executor: closed-loop\n  clients: 2\n  duration: 1s\n');
      const error = readError({ file });
      oneLine(error);
      expect(error.message).toBe(`cannot parse scenario ${file}: it is YAML, not JSON`);
      expect(error.hint).toBe('rename it to .yaml (the harness reads both), or write it as JSON');
    });

    it('names a second YAML document without mentioning the library', () => {
      const error = readError({ text: 'name: a\n---\nname: b\n', file: 'two.yaml' });
      oneLine(error);
      expect(error.message).toBe('cannot parse scenario two.yaml:2:1: a second YAML document starts here (a scenario is one document)');
      expect(error.hint).toContain('remove the "---" line');
      expect(`${error.message} ${error.hint}`).not.toMatch(/parseAllDocuments|YAML\./);
    });

    it('refuses a binary file without echoing it', () => {
      const file = join(dir, 'binary.yaml');
      const bytes = Buffer.alloc(8192, 0xff);
      bytes.write('name: x\n');
      writeFileSync(file, bytes);
      const error = readError({ file });
      oneLine(error);
      expect(error.message).toBe(`cannot read scenario ${file}: not a text file (it is not valid UTF-8)`);
      const withNul = join(dir, 'nul.yaml');
      writeFileSync(withNul, Buffer.from('name: x\n\0\0\0'));
      expect(readError({ file: withNul }).message).toBe(`cannot read scenario ${withNul}: not a text file (a NUL byte at offset 8)`);
    });

    it('escapes control characters and cuts a long line the parser quotes', () => {
      const error = readError({ text: `name: x\nbad: [${'\u0007'.repeat(400)}\n`, file: 'bell.yaml' });
      oneLine(error);
      expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    });

    it.each([
      ['yaml', `name: deep\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
      ['json', `{"name": "deep", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ])('says 100k-deep nesting (%s) is nested too deeply, not "Maximum call stack size exceeded"', (format, text) => {
      const error = readError({ text, file: `deep.${format}` });
      oneLine(error);
      expect(error.message).toMatch(new RegExp(`^cannot parse scenario deep\\.${format}:\\d+:\\d+: nested too deeply to read$`));
      expect(error.hint).toContain('nests 6 levels at most');
    }, 30_000); // the parser takes a second or two to hit its own limit on a loaded 2-core box
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
